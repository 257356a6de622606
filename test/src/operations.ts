/** The GraphQL operations the tests send, written once. */
export const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterInput!) {
    register(input: $input) { accessToken refreshToken accessTokenExpiresAt user { id displayName email } }
  }
`;

export const LOGIN = /* GraphQL */ `
  mutation Login($input: LoginInput!) {
    login(input: $input) { accessToken refreshToken accessTokenExpiresAt user { id displayName } }
  }
`;

export const REFRESH = /* GraphQL */ `
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) { accessToken refreshToken user { id displayName } }
  }
`;

export const ME = /* GraphQL */ `
  query Me { me { id email displayName avatarUrl bio timezone role createdAt } }
`;

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  user: { id: string; displayName: string; email?: string | null };
}

let counter = 0;

/** A new, unique registration input. */
export function newRegistration(name = 'Ada'): { email: string; password: string; displayName: string } {
  counter += 1;
  return {
    email: `${name.toLowerCase()}.${Date.now()}.${counter}@example.com`,
    password: 'correct horse battery staple',
    displayName: name,
  };
}
