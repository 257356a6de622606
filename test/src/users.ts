import type { GraphQLClient, Stack } from '@taskgraph/stack';
import { type AuthPayload, newRegistration, REGISTER } from './operations.js';

export interface TestUser {
  id: string;
  displayName: string;
  email: string;
  accessToken: string;
  client: GraphQLClient;
}

/** Registers a new user through the gateway and returns them with a signed-in client. */
export async function signUp(stack: Stack, name: string): Promise<TestUser> {
  const input = newRegistration(name);
  const { register } = await stack.client().data<{ register: AuthPayload }>(REGISTER, { input });
  return {
    id: register.user.id,
    displayName: name,
    email: input.email,
    accessToken: register.accessToken,
    client: stack.client(register.accessToken),
  };
}
