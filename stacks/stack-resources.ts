/**
 * The resources of a built stack as an adopter sees them: where each sits in the construct tree
 * (the key of an import file) and which Terraform address it synthesizes to (what a plan names).
 */
import { TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

export interface StackResource {
  /** Construct path below the stack, e.g. `app/database/instance`: the key of an import file. */
  constructPath: string;
  /** Terraform resource type, e.g. `aws_db_instance`. */
  terraformType: string;
  /** Terraform address in the synthesized stack, e.g. `aws_db_instance.app_database_instance_1A2B3C4D`. */
  terraformAddress: string;
  /** The construct itself, for callers that act on it (import). */
  resource: TerraformResource;
}

/** A construct's path below its stack. */
export function pathInStack(stack: TerraformStack, construct: IConstruct): string {
  return construct.node.path.slice(stack.node.path.length + 1);
}

/** Every resource of the stack (not data sources, providers or backends), sorted by construct path. */
export function stackResources(stack: TerraformStack): StackResource[] {
  return stack.node
    .findAll()
    .filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c))
    .map((resource) => ({
      constructPath: pathInStack(stack, resource),
      terraformType: resource.terraformResourceType,
      terraformAddress: `${resource.terraformResourceType}.${resource.friendlyUniqueId}`,
      resource,
    }))
    .sort((a, b) => (a.constructPath < b.constructPath ? -1 : a.constructPath > b.constructPath ? 1 : 0));
}
