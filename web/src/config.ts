declare global {
  interface Window {
    /** Set by /config.js, which the app's server writes from its GATEWAY_URL. */
    taskgraphConfig?: { gatewayUrl?: string };
  }
}

export const gatewayUrl = window.taskgraphConfig?.gatewayUrl ?? 'http://localhost:4000/graphql';
/** The same URL over WebSocket: the gateway serves subscriptions on its /graphql path. */
export const gatewayWsUrl = gatewayUrl.replace(/^http/, 'ws');
