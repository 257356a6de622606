import { defineSubgraph, idempotentConsumer } from '@taskgraph/kit';
import { DeferredWork } from './deferred-work.js';
import { EmailLimiter } from './email-limiter.js';
import { EmailVerifications } from './email-verifications.js';
import { Account } from './entities/account.js';
import { AccountToken } from './entities/account-token.js';
import { LoginRateLimit } from './entities/login-rate-limit.js';
import { LoginSession } from './entities/login-session.js';
import { RefreshToken } from './entities/refresh-token.js';
import { onProfileUpdated } from './events/handlers/user.js';
import { AccountDeletionResolver } from './graphql/account-deletion-resolver.js';
import { AuthResolver } from './graphql/auth-resolver.js';
import { EmailVerificationResolver } from './graphql/email-verification-resolver.js';
import { type PasswordResetDependencies, PasswordResetResolver } from './graphql/password-reset-resolver.js';
import { SessionResolver } from './graphql/session-resolver.js';
import { UserEmailResolver } from './graphql/user-resolver.js';
import { LoginLimiter } from './login-limiter.js';
import { Sessions } from './sessions.js';
import { accountsSettings } from './settings.js';
import { loadSigningKeys } from './signing-keys.js';

/** What the resolvers are built with. */
type AccountsDependencies = PasswordResetDependencies & {
  limiter: LoginLimiter;
  verifications: EmailVerifications;
  verificationLimiter: EmailLimiter;
};

export const accounts = defineSubgraph<typeof accountsSettings, AccountsDependencies>({
  name: 'accounts',
  settings: accountsSettings,
  entities: [Account, RefreshToken, LoginSession, AccountToken, LoginRateLimit],
  migrations: new URL('./migrations/', import.meta.url),
  schema: {
    resolvers: [
      AuthResolver,
      AccountDeletionResolver,
      PasswordResetResolver,
      EmailVerificationResolver,
      SessionResolver,
      UserEmailResolver,
    ],
  },
  async setup({ settings, orm, logger }) {
    const keys = await loadSigningKeys(settings, logger);
    const deferred = new DeferredWork(logger);
    const windowSeconds = settings.ACCOUNT_EMAIL_WINDOW_SECONDS;
    return {
      dependencies: {
        orm,
        sessions: new Sessions(keys, settings),
        limiter: new LoginLimiter(orm, settings),
        verifications: new EmailVerifications(settings.EMAIL_VERIFICATION_TTL_SECONDS),
        resetLimiter: new EmailLimiter(orm, 'reset', {
          perSubject: settings.PASSWORD_RESET_MAX_PER_EMAIL,
          perAddress: settings.PASSWORD_RESET_MAX_PER_ADDRESS,
          windowSeconds,
        }),
        verificationLimiter: new EmailLimiter(orm, 'verification', {
          perSubject: settings.VERIFICATION_EMAIL_MAX_PER_USER,
          perAddress: settings.VERIFICATION_EMAIL_MAX_PER_ADDRESS,
          windowSeconds,
        }),
        deferred,
        resetTtlSeconds: settings.PASSWORD_RESET_TTL_SECONDS,
      },
      jobs: [deferred],
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
