/** `npm run codegen -w web`: regenerates src/gql after a change to the app's documents or to the supergraph. */
import { generateClient, generatedDir } from './codegen.js';

await generateClient(generatedDir);
console.log(`generated ${generatedDir}`);
