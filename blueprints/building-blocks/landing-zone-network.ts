/**
 * The landing zone's VPC and subnets as an app environment sees them. They are never created here:
 * given by ID they are used as-is (and were checked at synth); given by tag they are looked up with data
 * sources at plan time, one subnet per availability zone. Tag lookups fail in a shared VPC, where a
 * participant account cannot see the owner's tags, so IDs are the default.
 */
import { DataAwsSubnet } from '@cdktf/provider-aws/lib/data-aws-subnet';
import { DataAwsVpc } from '@cdktf/provider-aws/lib/data-aws-vpc';
import { Construct } from 'constructs';
import { ResolvedNetwork } from '../../config/resolve-environment';

export interface PlacedSubnet {
  id: string;
  availabilityZone: string;
}

export interface LandingZoneNetworkProps {
  network: ResolvedNetwork;
}

export class LandingZoneNetwork extends Construct {
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Every private subnet (database subnet group, internal load balancer). */
  readonly privateSubnetIds: string[];
  /** One private subnet per availability zone, in zone order: where instances are placed. */
  readonly placementSubnets: PlacedSubnet[];
  readonly publicSubnetIds: string[];

  constructor(scope: Construct, id: string, props: LandingZoneNetworkProps) {
    super(scope, id);
    const network = props.network;
    if (network.kind === 'ids') {
      this.vpcId = network.vpcId;
      this.vpcCidr = network.vpcCidr;
      this.privateSubnetIds = network.privateSubnets.map((s) => s.id);
      this.publicSubnetIds = (network.publicSubnets ?? []).map((s) => s.id);
      const zones = [...new Set(network.privateSubnets.map((s) => s.availabilityZone))].sort();
      this.placementSubnets = zones.map((zone) => network.privateSubnets.find((s) => s.availabilityZone === zone)!);
      return;
    }
    const vpc = new DataAwsVpc(this, 'vpc', { tags: network.vpcTags });
    this.vpcId = vpc.id;
    this.vpcCidr = vpc.cidrBlock;
    const zones = [...new Set(network.availabilityZones)].sort();
    const subnetIn = (kind: string, zone: string, tags: Record<string, string>) =>
      new DataAwsSubnet(this, `${kind}-${zone}`, {
        vpcId: vpc.id,
        availabilityZone: zone,
        tags,
      });
    this.placementSubnets = zones.map((zone) => ({ id: subnetIn('private', zone, network.privateSubnetTags).id, availabilityZone: zone }));
    this.privateSubnetIds = this.placementSubnets.map((s) => s.id);
    const publicTags = network.publicSubnetTags;
    this.publicSubnetIds = publicTags ? zones.map((zone) => subnetIn('public', zone, publicTags).id) : [];
  }

  /** The subnets a load balancer of this scheme lives in: public ones only when it faces the internet. */
  loadBalancerSubnetIds(scheme: 'internet-facing' | 'internal'): string[] {
    return scheme === 'internet-facing' ? this.publicSubnetIds : this.privateSubnetIds;
  }
}
