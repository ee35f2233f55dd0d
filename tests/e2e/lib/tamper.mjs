// A token response changed on its way into the page, for the tests that check the page
// refuses what was altered after the provider signed it.

/** A route handler: the provider's token response with the id_token's `sub` set to `sub`
 * after signing (header and signature kept), so its signature no longer verifies. */
export function tamperedIdToken(sub) {
  return async (route) => {
    const r = await route.fetch();
    const body = await r.json();
    const [h, p, sig] = body.id_token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.sub = sub;
    body.id_token = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), sig].join('.');
    await route.fulfill({ response: r, body: JSON.stringify(body) });
  };
}
