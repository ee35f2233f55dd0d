// The user's side for the tests: submits oidc-provider's development forms over HTTP, as a
// browser would, with the cookies it sets.
//   node drive.mjs login AUTHORIZE_URL USER   follows the authorization request through the
//     login and consent forms to the client's redirect, requests it (the CLI's loopback
//     listener) and prints `redirect STATUS`.
//   node drive.mjs device ISSUER USER_CODE USER   enters the code at ISSUER/device, confirms,
//     logs in, consents, and prints `done HEADING` with the last page's heading.
// Anything unexpected exits 1 with the page on stderr.

const [mode, first, second, third] = process.argv.slice(2);
const cookies = new Map();

function remember(response) {
  for (const c of response.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1));
  }
}

function cookieHeader() {
  return [...cookies].map(([n, v]) => `${n}=${v}`).join('; ');
}

async function request(url, form) {
  const init = { redirect: 'manual', headers: { cookie: cookieHeader() } };
  if (form) {
    init.method = 'POST';
    init.body = new URLSearchParams(form).toString();
    init.headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const response = await fetch(url, init);
  remember(response);
  return response;
}

function fail(why, body = '') {
  process.stderr.write(`${why}\n${body}\n`);
  process.exit(1);
}

// The first form of a page: its action and its inputs (hidden ones with their values).
function firstForm(html, base) {
  const m = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!m) return undefined;
  const fields = {};
  const names = [];
  for (const input of m[2].matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]+)"/.exec(input[1])?.[1];
    if (!name) continue;
    names.push(name);
    const value = /value="([^"]*)"/.exec(input[1])?.[1];
    if (/type="hidden"/.test(input[1]) && value !== undefined) fields[name] = value;
  }
  return { action: new URL(m[1].replace(/&amp;/g, '&'), base).href, fields, names };
}

async function run(start, origin, user, userCode) {
  let response = await request(start);
  let url = start;
  for (let step = 0; step < 20; step += 1) {
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location'), url).href;
      if (new URL(url).origin !== origin) {
        // The client's redirect: deliver it, as the browser would.
        const delivered = await fetch(url);
        await delivered.text();
        return `redirect ${delivered.status}`;
      }
      response = await request(url);
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) fail(`HTTP ${response.status} at ${url}`, html);
    const form = firstForm(html, url);
    if (!form) {
      return `done ${/<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? ''}`;
    }
    const body = { ...form.fields };
    if (form.names.includes('user_code') && body.user_code === undefined) body.user_code = userCode;
    if (body.prompt === 'login') Object.assign(body, { login: user, password: 'any' });
    url = form.action;
    response = await request(url, body);
  }
  return fail('more than 20 steps');
}

let result;
if (mode === 'login') {
  result = await run(first, new URL(first).origin, second);
} else if (mode === 'device') {
  result = await run(`${first}/device`, new URL(first).origin, third, second);
} else {
  fail('usage: drive.mjs login AUTHORIZE_URL USER | device ISSUER USER_CODE USER');
}
process.stdout.write(`${result}\n`);
