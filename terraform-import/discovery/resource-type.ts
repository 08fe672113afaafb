/**
 * One module per Terraform resource type: how to list and describe it (read-only calls only, with
 * paginators), the IAM actions that needs, the ID it imports by, and the arguments that reproduce it.
 * Adding a type is one file under types/ plus its entry in registry.ts and its test.
 */
import { AwsClients } from './aws-clients';
import { DiscoveredResource, DiscoveryFailure } from './model';

export interface DiscoveryContext {
  clients: AwsClients;
  region: string;
  /**
   * One answer per key per run: several types come from one listing (route tables, their routes and
   * associations), which is then called once, not once per type.
   */
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Runs fn per item; a failing item is reported as a failure and the others go on. */
  each<I, O>(type: string, items: I[], idOf: (item: I) => string, fn: (item: I) => Promise<O>): Promise<O[]>;
  fail(failure: DiscoveryFailure): void;
}

export interface CdktfClass {
  /** Deep import path under @cdktf/provider-aws/lib/, e.g. 'vpc'. */
  module: string;
  className: string;
}

export interface ResourceTypeModule {
  type: string;
  /** The class that declares it in cdktf. */
  resource: CdktfClass;
  /**
   * For types a landing zone may own: the data source that reads it by ID instead of importing it.
   * The generator refers to `<data source>.<attr>` wherever a resource points at it.
   */
  dataSource?: CdktfClass & { idArgument: string };
  /** IAM actions discovery of this type needs (all read-only). */
  iamActions: string[];
  discover(ctx: DiscoveryContext): Promise<DiscoveredResource[]>;
}

/** Collects every page of a paginator into one array. */
export async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

/** Drops undefined values (an argument AWS did not report is not written). */
export function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as never;
}

/** Tags argument: absent when empty (an empty map and no argument plan the same). */
export function tagsArgument(tags: Record<string, string>): { tags?: Record<string, string> } {
  return Object.keys(tags).length > 0 ? { tags } : {};
}
