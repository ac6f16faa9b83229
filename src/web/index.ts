/**
 * Pages for people and for partners' web pages: the landing page, the GraphiQL explorer, the
 * events widget and its iframe page, and how /graphql meets browsers (CORS, CSRF).
 */
export { loadWebAssets, type WebAssets, type WidgetBundle } from './assets';
export { graphqlCors, refuseNonJsonPosts, websocketOriginAllowed } from './cross-origin';
export { explorerForBrowsers, noSniff, webRouter, type WebOptions } from './web.routes';
