// A real OpenID Connect issuer (oidc-provider, pinned in package.json) for the security tests, on 127.0.0.1.
// Started by tests/AetherFS.IntegrationTests/Infrastructure/OidcIssuer.cs with one argument: a JSON file
//   { port, audience, jwks: [private RS256 JWKs made by the test; the first signs], redirectUris: [...],
//     accounts: { name: { groups, email, emailVerified } }, services: { clientId: { secret, groups } } }
// The test makes the signing key, so it can also craft tokens (good and bad) with the issuer's real key.
'use strict';

const fs = require('node:fs');

const settings = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${settings.port}`;
// A resource indicator is a URI; the token's "aud" is the hub's audience, whatever the indicator.
const resource = 'urn:aetherfs:hub';
const accounts = settings.accounts || {};
const services = settings.services || {};

function claimsOf(name) {
  const account = accounts[name] || {};
  return {
    groups: account.groups || [],
    ...(account.email ? { email: account.email, email_verified: account.emailVerified === true } : {}),
  };
}

const configuration = {
  jwks: { keys: settings.jwks },
  clients: [
    {
      // The CLI (device flow) and the web UI (authorization code with PKCE): public, so no secret.
      client_id: 'aetherfs-cli',
      token_endpoint_auth_method: 'none',
      grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: settings.redirectUris && settings.redirectUris.length ? settings.redirectUris : ['http://127.0.0.1/callback'],
    },
    ...Object.entries(services).map(([clientId, service]) => ({
      // Services and CI: client_credentials with a secret.
      client_id: clientId,
      client_secret: service.secret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    })),
  ],
  async findAccount(ctx, id) {
    return { accountId: id, async claims() { return { sub: id, ...claimsOf(id) }; } };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  scopes: ['openid', 'profile', 'email', 'offline_access', 'groups'],
  features: {
    devInteractions: { enabled: true }, // a login form that takes any name: the browser tests sign in with it
    deviceFlow: { enabled: true },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => resource,
      useGrantedResource: async () => true,
      getResourceServerInfo: async () => ({
        scope: 'aetherfs',
        audience: settings.audience,
        accessTokenFormat: 'jwt',
        accessTokenTTL: 300,
        jwt: { sign: { alg: 'RS256', kid: settings.jwks[0].kid } },
      }),
    },
  },
  async extraTokenClaims(ctx, token) {
    if (token.kind === 'ClientCredentials') {
      return { groups: (services[token.clientId] || {}).groups || [] };
    }
    return token.accountId ? claimsOf(token.accountId) : undefined;
  },
  // Refresh tokens for the public client too (the CLI keeps one), whenever offline_access was asked for.
  async issueRefreshToken(ctx, client, code) {
    return client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access');
  },
  pkce: { required: () => true },
  ttl: { AccessToken: 300, ClientCredentials: 300, DeviceCode: 300, RefreshToken: 3600, Grant: 3600, Session: 3600, Interaction: 600, IdToken: 300, AuthorizationCode: 60 },
  cookies: { keys: ['aetherfs-test-issuer-cookie-key'] },
};

// oidc-provider 8 is an ES module.
import('oidc-provider').then(({ default: Provider }) => {
  const provider = new Provider(issuer, configuration);
  provider.listen(settings.port, '127.0.0.1', () => console.log(`issuer ${issuer} listening`));
});
