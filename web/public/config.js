// Where the app finds the gateway. The app's server (web/server/serve.ts) answers this path itself with its GATEWAY_URL;
// this file is what `vite` (development) serves.
window.taskgraphConfig = { gatewayUrl: 'http://localhost:4000/graphql' };
