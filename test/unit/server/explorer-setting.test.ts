import { ConfigError, loadConfig } from '../../../src/config';

/** FLEETGRAPH_EXPLORER: what a browser gets at GET /graphql. */
describe('FLEETGRAPH_EXPLORER', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
  };

  it('defaults to the bundled GraphiQL outside production, and to Apollo’s production landing page in production', () => {
    expect(loadConfig({}).server.explorer).toBe('graphiql');
    expect(loadConfig({ NODE_ENV: 'production', FLEETGRAPH_DEMO: 'true' }).server.explorer).toBe('production-landing-page');
  });

  it('takes graphiql, sandbox or off in development', () => {
    for (const mode of ['graphiql', 'sandbox', 'off'] as const) expect(loadConfig({ FLEETGRAPH_EXPLORER: mode }).server.explorer).toBe(mode);
  });

  it('takes only off in production: introspection is off there, an explorer would be blind', () => {
    expect(loadConfig({ NODE_ENV: 'production', FLEETGRAPH_DEMO: 'true', FLEETGRAPH_EXPLORER: 'off' }).server.explorer).toBe('off');
    expect(problemsOf({ NODE_ENV: 'production', FLEETGRAPH_DEMO: 'true', FLEETGRAPH_EXPLORER: 'graphiql' })).toEqual(['FLEETGRAPH_EXPLORER=graphiql is for development: production allows only "off"']);
    expect(problemsOf({ NODE_ENV: 'production', FLEETGRAPH_DEMO: 'true', FLEETGRAPH_EXPLORER: 'sandbox' })).toEqual(['FLEETGRAPH_EXPLORER=sandbox is for development: production allows only "off"']);
  });

  it('refuses anything else with the accepted values', () => {
    expect(problemsOf({ FLEETGRAPH_EXPLORER: 'playground' })).toEqual(['FLEETGRAPH_EXPLORER="playground" must be "graphiql", "sandbox" or "off"']);
  });
});
