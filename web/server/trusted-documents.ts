/**
 * The app's trusted documents manifest, which the code generator writes beside the typed documents (src/gql): what a
 * gateway serving this app is given as TRUSTED_DOCUMENTS_PATH, since the app sends its operations by hash alone.
 */
import { fileURLToPath } from 'node:url';

export const trustedDocumentsPath = fileURLToPath(new URL('../../../src/gql/persisted-documents.json', import.meta.url));
