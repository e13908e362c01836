import './apollo-dev';
import { ApolloClient, HttpLink, InMemoryCache, type DocumentNode, type OperationVariables } from '@apollo/client';
import { loadDevMessages, loadErrorMessages } from '@apollo/client/dev';
import { buildSchema, isInterfaceType, isObjectType, type GraphQLObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { format } from 'node:util';
// Tests take gql from here, so Apollo is never loaded before apollo-dev has run.
export { gql } from '@apollo/client';

// Apollo Client's warnings are message ids unless its texts are loaded: the tests read the texts.
loadDevMessages();
loadErrorMessages();

const SCHEMA = buildSchema(readFileSync(resolve(__dirname, '../../schema.graphql'), 'utf8'));

/**
 * The cache set-up a client of this API uses (the README's "Caching clients"): object types with
 * an `id` (the Node interface) are normalised by `__typename` + `id`; every other object type is
 * a value of the object that holds it — connections, edges and page info (they belong to the
 * field and its arguments), `AutomationProgress`, `MacSipConfiguration`, … — so two selections of
 * it merge instead of replacing each other (Apollo's "merging non-normalized objects").
 * `possibleTypes` lets fragments on the Node interface match.
 */
export function cacheConfig(): { typePolicies: Record<string, { merge: true }>; possibleTypes: Record<string, string[]> } {
  const roots = new Set([SCHEMA.getQueryType(), SCHEMA.getMutationType(), SCHEMA.getSubscriptionType()].map((t) => t?.name));
  const objects = Object.values(SCHEMA.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__') && !roots.has(t.name));
  const values = objects.filter((t) => !t.getFields().id);
  const interfaces = Object.values(SCHEMA.getTypeMap()).filter(isInterfaceType);
  return {
    typePolicies: Object.fromEntries(values.map((t) => [t.name, { merge: true as const }])),
    possibleTypes: Object.fromEntries(interfaces.map((i) => [i.name, SCHEMA.getPossibleTypes(i).map((t) => t.name)])),
  };
}

/**
 * An Apollo Client (core, InMemoryCache, HttpLink) against the gateway, as a web or mobile app
 * would use it. It counts the HTTP requests it makes (a fresh cache needs no refetch) and
 * collects what Apollo warns while it runs ("Cache data may be lost…"). Apollo warns once per
 * type and field per process: a test file should not expect the same warning twice.
 */
export class CachingClient {
  readonly client: ApolloClient;
  /** operationName of every HTTP request the client made, in order. */
  readonly requests: string[] = [];
  /** console.warn/console.error output while this client was in use. */
  readonly warnings: string[] = [];
  private readonly restore: Array<() => void> = [];

  /** `valuePolicies: false`: the cache without the value types' merge policies (to show what they prevent). */
  constructor(url: string, options: { valuePolicies?: boolean } = {}) {
    const counted: typeof fetch = async (input, init) => {
      const body = JSON.parse(String(init?.body ?? '{}')) as { operationName?: string };
      this.requests.push(body.operationName ?? '(anonymous)');
      return fetch(input, init);
    };
    this.client = new ApolloClient({
      link: new HttpLink({ uri: url, fetch: counted }),
      cache: new InMemoryCache(options.valuePolicies === false ? { possibleTypes: cacheConfig().possibleTypes } : cacheConfig()),
    });
    for (const level of ['warn', 'error'] as const) {
      const spy = jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        this.warnings.push(format(...args));
      });
      this.restore.push(() => spy.mockRestore());
    }
  }

  /** cache-first: answered from the cache when it holds every field, else over HTTP (`network-only`: always). */
  async query<T = any>(query: DocumentNode, variables?: OperationVariables, fetchPolicy: 'cache-first' | 'network-only' = 'cache-first'): Promise<T> {
    const result = await this.client.query<T>({ query, variables, fetchPolicy });
    if (result.error) throw result.error;
    return result.data as T;
  }

  /** The cache's answer, without the network (null when the cache cannot answer in full). */
  read<T = any>(query: DocumentNode, variables?: OperationVariables): T | null {
    return this.client.readQuery<T>({ query, variables });
  }

  async mutate<T = any>(mutation: DocumentNode, variables?: OperationVariables): Promise<T> {
    const result = await this.client.mutate<T>({ mutation, variables });
    if (result.error) throw result.error;
    return result.data as T;
  }

  stop(): void {
    this.client.stop();
    for (const undo of this.restore) undo();
  }
}
