/**
 * The data and settings every run over the peer operations shares (`npm run bench` and
 * `npm run bench:cost`): the seeded users, projects and tasks, and the stack they are served by.
 */
import { graphqlUrl, type ProcessStack, startProcessStack } from './process-stack.js';
import { type Seed, type SeedPlan, seed } from './seed.js';
import { settle } from './settle.js';

/**
 * 32 users, each in 3 of 16 projects of 64 tasks: 1,024 tasks, 32 assigned to each user, 512
 * comments, 3 labels per project; 8 tokens per user, so that the 64 requests in flight at most
 * never share a token.
 */
export const PEER_SEED: SeedPlan = {
  users: 32,
  projects: 16,
  membersPerProject: 6,
  tasksPerProject: 64,
  commentEvery: 4,
  commentsPerTask: 2,
  tokensPerUser: 8,
  labelsPerProject: 3,
};

/**
 * Tokens outlive seeding and the run; budgets are per user and per address, and every request
 * comes from one address; a loaded machine may take longer than the default to bring a new
 * membership in force while seeding. Two stacks' pools, held between slices, must fit in one
 * Postgres's connections beside whatever else runs on the machine: six per subgraph is still
 * three per core.
 */
export const PEER_SETTINGS = {
  DATABASE_POOL_MAX: '6',
  ACCESS_TOKEN_TTL_SECONDS: '7200',
  RIGHTS_WAIT_MS: '60000',
  RATE_LIMIT_PER_USER: '100000000',
  RATE_LIMIT_PER_ADDRESS: '100000000',
};

/**
 * Seeds a stack of this build, waits for what the seeding set off to finish, and stops its
 * services: the databases then hold the data every contender serves (the baseline a copy).
 */
export async function seededEnvironment(log: (message: string) => void): Promise<{ stack: ProcessStack; data: Seed }> {
  const seeding = await startProcessStack(PEER_SETTINGS);
  try {
    const data = await seed(graphqlUrl(await seeding.startGateway()), PEER_SEED, log);
    await settle(seeding.env);
    await seeding.stopServices();
    return { stack: seeding, data };
  } catch (error) {
    await seeding.stop();
    throw error;
  }
}
