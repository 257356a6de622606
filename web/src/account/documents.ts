/** The signed-in user as the account screens show them, and the verification email they can ask for again. */
import { graphql } from '../gql';

export const ViewerDocument = graphql(`
  query Viewer {
    me {
      id
      displayName
      email
      emailVerified
    }
  }
`);

export const ResendVerificationDocument = graphql(`
  mutation ResendVerificationEmail {
    resendVerificationEmail
  }
`);
