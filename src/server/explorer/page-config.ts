/**
 * What the gateway tells the explorer page (embedded in it as JSON): shared by the server, which
 * writes it, and the browser bundle, which reads it. Types only, so the bundle pulls in no server code.
 */
export interface ExplorerTab {
  query: string;
  headers?: string;
}

/** The GraphQL endpoint is the page's own URL (GET /graphql for HTML); its ws: twin carries subscriptions. */
export interface ExplorerPageConfig {
  /** Tabs shown on a first visit (GraphiQL keeps the user's own tabs afterwards). */
  tabs: ExplorerTab[];
  /** Header editor contents for new tabs: a hint where the API key goes when auth is on. */
  defaultHeaders?: string;
  /** URLs of Monaco's worker scripts on this server. */
  workers: { editor: string; json: string; graphql: string };
}
