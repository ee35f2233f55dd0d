// The OAuth 2.0 page (oauth2/) under `serve`: its address, the sandbox's issuer, and how a
// test opens it, for every OAuth 2.0 test file.

import { env } from './harness.mjs';

export const PAGE = new URL('oauth2/', env.appUrl).href;
export const ISSUER = new URL('/sandbox/oauth2', env.appUrl).href;
export const TOKEN_PATH = '/sandbox/oauth2/token';

/** Opens the OAuth 2.0 page fresh: under `serve` it reads ../playground.json, then the
 * sandbox's discovery document, and starts with the sandbox's SPA client, folded. */
export async function openOAuth2(app) {
  const probed = app.page.waitForResponse((r) => new URL(r.url()).pathname === '/playground.json');
  await app.page.goto(PAGE);
  await probed;
  await app.page.getByText(`Configuration: client playground-spa at ${ISSUER}`, { exact: true }).waitFor();
  await app.page.waitForFunction(() => performance.getEntriesByName('app-rendered').length > 0);
}

/** The code flow on the opened page with Allow on the sandbox's consent page, through the
 * token request: the token response as the sandbox sent it (the page saves it). */
export async function sandboxToken(app) {
  await app.button('Build the authorization URL').click();
  await app.button('Go to the provider').click();
  await app.page.getByRole('button', { name: 'Allow', exact: true }).click();
  await app.page.waitForURL((u) => u.href === PAGE, { timeout: 15_000 });
  const answered = app.page.waitForResponse((r) => new URL(r.url()).pathname === TOKEN_PATH);
  await app.button('Send the token request').click();
  const issued = await (await answered).json();
  await app.page.getByText('Saved in the token store, beside the OAuth 1.0a tokens.').waitFor();
  return issued;
}
