/** A discovered resource as the discovery modules return it, for tests of what comes after discovery. */
import { DiscoveredResource } from '../../terraform-import/discovery/model';

/** Imported by its ID and named after it unless `extra` says otherwise; no tags. */
export function discovered(type: string, id: string, attributes: DiscoveredResource['attributes'] = {}, extra: Partial<DiscoveredResource> = {}): DiscoveredResource {
  return { type, id, importId: id, name: id, tags: {}, attributes, ...extra };
}
