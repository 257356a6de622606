import { runGateway } from './gateway.js';

runGateway();
