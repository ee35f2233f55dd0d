// The OAuth 2.0 page (oauth2/) under `serve`: its address, the sandbox's issuer, and how a
// test opens it, for every OAuth 2.0 test file.

import { env } from './harness.mjs';

export const PAGE = new URL('oauth2/', env.appUrl).href;
export const ISSUER = new URL('/sandbox/oauth2', env.appUrl).href;
export const TOKEN_PATH = '/sandbox/oauth2/token';
/** The OAuth 2.0 tokens page: the Tokens panel, the console and Export. */
export const TOKENS_PAGE = new URL('oauth2-tokens/', env.appUrl).href;

/** Opens the OAuth 2.0 page fresh: under `serve` it reads ../playground.json, then the
 * sandbox's discovery document, and starts with the sandbox's SPA client, folded. */
export async function openOAuth2(app) {
  const probed = app.page.waitForResponse((r) => new URL(r.url()).pathname === '/playground.json');
  await app.page.goto(PAGE);
  await probed;
  await app.page.getByText(`Configuration: client playground-spa at ${ISSUER}`, { exact: true }).waitFor();
  await app.page.waitForFunction(() => performance.getEntriesByName('app-rendered').length > 0);
}

/** The code flow with the sandbox's SPA client, consent given: returns the token response
 * the sandbox sent to step 4 (its JSON), once the page has saved it. */
export async function codeFlowToken(app) {
  await app.button('Build the authorization URL').click();
  await app.button('Go to the provider').click();
  await app.page.waitForURL((u) => u.pathname === '/sandbox/oauth2/authorize');
  await app.page.getByRole('button', { name: 'Allow', exact: true }).click();
  await app.page.waitForURL((u) => u.href === PAGE, { timeout: 15_000 });
  const answered = app.page.waitForResponse((r) => new URL(r.url()).pathname === TOKEN_PATH);
  await app.button('Send the token request').click();
  const issued = await (await answered).json();
  await app.page.getByText('Saved in the token store, beside the OAuth 1.0a tokens.').waitFor();
  return issued;
}

/** Step 4's link to the tokens page, followed as a user does, until it has rendered. */
export async function openTokens(app) {
  await app.page.getByRole('link', { name: 'Manage the saved tokens: refresh, introspect, revoke, call an API, export', exact: true }).click();
  await app.page.waitForURL((u) => u.href === TOKENS_PAGE);
  await app.page.waitForFunction(() => performance.getEntriesByName('app-rendered').length > 0);
}
