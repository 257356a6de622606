import { defineSubgraph, idempotentConsumer } from '@taskgraph/kit';
import { Account } from './entities/account.js';
import { LoginRateLimit } from './entities/login-rate-limit.js';
import { RefreshToken } from './entities/refresh-token.js';
import { onProfileUpdated } from './events/handlers/user.js';
import { AccountDeletionResolver } from './graphql/account-deletion-resolver.js';
import { AuthResolver } from './graphql/auth-resolver.js';
import { LoginLimiter } from './login-limiter.js';
import { Sessions } from './sessions.js';
import { accountsSettings } from './settings.js';
import { loadSigningKeys } from './signing-keys.js';

export const accounts = defineSubgraph({
  name: 'accounts',
  settings: accountsSettings,
  entities: [Account, RefreshToken, LoginRateLimit],
  migrations: new URL('./migrations/', import.meta.url),
  schema: { resolvers: [AuthResolver, AccountDeletionResolver] },
  async setup({ settings, orm, logger }) {
    const keys = await loadSigningKeys(settings, logger);
    return {
      dependencies: { sessions: new Sessions(keys, settings), limiter: new LoginLimiter(orm, settings) },
      consumers: [
        idempotentConsumer(orm, 'accounts', 'user.profile_updated', { 'user.profile_updated': onProfileUpdated }, { ordered: true }),
      ],
      tokenKeys: keys.verificationKeys,
      routes(router) {
        router.get('/.well-known/jwks.json', (_req, res) => {
          res.setHeader('cache-control', 'public, max-age=300');
          res.json(keys.jwks);
        });
      },
    };
  },
});
