/**
 * What the schema tells a user about a value of the wrong shape: `key: expected <what>, found …`, one
 * case per pattern, bound and refinement of config/schema.ts. An empty or wrong "expected" text is a
 * real regression (the line would say "expected , found x"), and the schema mutation pass (docs/MUTATION.md,
 * run C) showed these texts were read by no test. Boundaries of the CIDR check are here too.
 */
import { accountBaselineConfig } from '../support/account-baseline-config';
import { configErrorLines } from '../support/config-errors';
import { containerAppConfig } from '../support/container-app-config';
import { instanceAppConfig, withInstanceApp } from '../support/instance-app-config';
import { observabilityConfig } from '../support/observability-config';

type Json = Record<string, unknown>;
const container = containerAppConfig('test');
const network = container.network as Json & { privateSubnets: Json[] };
const [web] = (container.containerApp as { services: Json[] }).services;
const withWeb = (keys: Json) => ({ ...container, containerApp: { services: [{ ...web, ...keys }] } });
const observability = observabilityConfig('test');
const withOpenSearch = (keys: Json) => ({ ...observability, openSearch: { ...(observability.openSearch as Json), ...keys } });
const lookup = (keys: Json) => ({ lookup: { vpcTags: { Name: 'lz' }, privateSubnetTags: { Tier: 'private' }, publicSubnetTags: { Tier: 'public' }, availabilityZones: ['eu-central-1a', 'eu-central-1b'], ...keys } });

const cases: [name: string, file: Json, keyPath: string, expected: string][] = [
  ['a VPC ID', { ...container, network: { ...network, vpcId: 'vpc-1' } }, 'network.vpcId', 'a vpc- ID ('],
  ['a subnet ID', { ...container, network: { ...network, privateSubnets: [{ ...network.privateSubnets[0], id: 'subnet-1' }, network.privateSubnets[1]] } }, 'network.privateSubnets[0].id', 'a subnet- ID ('],
  ['an AMI ID', withInstanceApp('test', { ami: { id: 'ami-1' } }), 'instanceApp.ami.id', 'an ami- ID ('],
  ['an app name', { ...container, app: 'Shop' }, 'app', 'lower-case letters, digits and dashes, 2–32 characters, starting with a letter'],
  ['an account ID', { ...container, account: '12345' }, 'account', 'a 12-digit AWS account ID (quote it in YAML)'],
  ['a certificate ARN', { ...container, loadBalancer: { certificate: { arn: 'arn:aws:acm:abc' } } }, 'loadBalancer.certificate.arn', 'an ACM certificate ARN (arn:aws:acm:<region>:<account>:'],
  ['a pipeline role ARN', { ...container, pipelineRoles: { deploy: 'role/deploy' } }, 'pipelineRoles.deploy', 'an IAM role ARN (arn:aws:iam::<account>:role/'],
  ['an SSM parameter name', withWeb({ secrets: { SECRET_KEY_BASE: 'shop/test/secret' } }), 'containerApp.services[0].secrets.SECRET_KEY_BASE', 'an SSM parameter name starting with / (e.g. /tma/production/secret_key_base)'],
  ['a tag key', { ...container, tags: { 'bad key!': 'x' } }, 'tags.bad key!', 'a tag key'],
  ['empty VPC tags of a lookup', { ...container, network: lookup({ vpcTags: {} }) }, 'network.lookup.vpcTags', 'at least one tag'],
  ['an availability zone', { ...container, network: { ...network, privateSubnets: [{ ...network.privateSubnets[0], availabilityZone: 'eu-central-1' }, network.privateSubnets[1]] } }, 'network.privateSubnets[0].availabilityZone', 'an availability zone such as eu-central-1a'],
  ['a log file path', withInstanceApp('test', { logFiles: [{ path: 'var/log/app.log', name: 'app' }] }), 'instanceApp.logFiles[0].path', 'an absolute path'],
  ['one private subnet', { ...container, network: { ...network, privateSubnets: [network.privateSubnets[0]] } }, 'network.privateSubnets', 'at least 2 private subnets, in 2 availability zones'],
  ['a domain name', { ...container, loadBalancer: { certificate: { domainName: 'shop', hostedZoneId: 'Z0123456789ABC' } } }, 'loadBalancer.certificate.domainName', 'a DNS name such as app.example.com'],
  ['a hosted zone ID', { ...container, loadBalancer: { certificate: { domainName: 'shop.example.com', hostedZoneId: 'zone' } } }, 'loadBalancer.certificate.hostedZoneId', 'a Route 53 hosted zone ID such as Z0123456789ABC'],
  ['a database version', { ...container, database: { engineVersion: 'v16' } }, 'database.engineVersion', 'a version such as 16, 16.4 or 8.0'],
  ['an instance class', { ...container, database: { instanceClass: 't4g.micro' } }, 'database.instanceClass', 'an RDS instance class such as db.t4g.micro'],
  ['a database name', { ...container, database: { databaseName: '1shop' } }, 'database.databaseName', 'a database name (letters, digits, _)'],
  ['a master user name', { ...container, database: { masterUsername: 'shop-admin' } }, 'database.masterUsername', 'a master user name (letters, digits, _)'],
  ['a log destination ARN', { ...container, logs: { central: { destinationArn: 'arn:aws:logs:central' } } }, 'logs.central.destinationArn', 'a CloudWatch Logs destination ARN (arn:aws:logs:'],
  ['an e-mail address', { ...instanceAppConfig('test'), alerting: { opsgenieEndpointParameter: '/platform/opsgenie/cloudwatch-endpoint', emails: ['ops'] } }, 'alerting.emails[0]', 'an e-mail address'],
  ['a state bucket', { ...container, backend: { s3: { bucket: 'A' } } }, 'backend.s3.bucket', 'an S3 bucket name'],
  ['a state key prefix', { ...container, backend: { s3: { bucket: 'shop-state', keyPrefix: 'a b' } } }, 'backend.s3.keyPrefix', 'an S3 key prefix'],
  ['a path pattern', withWeb({ routing: { priority: 10, pathPatterns: ['api/*'] } }), 'containerApp.services[0].routing.pathPatterns[0]', 'a path pattern starting with /'],
  ['a listener rule without hosts or paths', withWeb({ routing: { priority: 10 } }), 'containerApp.services[0].routing', 'hostHeaders or pathPatterns'],
  ['an environment variable name', withWeb({ environment: { '1X': 'v' } }), 'containerApp.services[0].environment.1X', 'an environment variable name'],
  ['a service health-check path', withWeb({ healthCheckPath: 'up' }), 'containerApp.services[0].healthCheckPath', 'a path starting with /'],
  ['a service database', withWeb({ database: 'Reports' }), 'containerApp.services[0].database', 'a database name (lower-case letters, digits, dashes; at most 15), primary or none'],
  ['a volume name', withWeb({ persistentVolumes: [{ name: 'Data', path: '/data', uid: 33, gid: 33 }] }), 'containerApp.services[0].persistentVolumes[0].name', 'a short lower-case name'],
  ['a volume on /', withWeb({ persistentVolumes: [{ name: 'data', path: '/', uid: 33, gid: 33 }] }), 'containerApp.services[0].persistentVolumes[0].path', 'an absolute path other than /'],
  ['volume permissions', withWeb({ persistentVolumes: [{ name: 'data', path: '/data', uid: 33, gid: 33, permissions: '999' }] }), 'containerApp.services[0].persistentVolumes[0].permissions', 'octal permissions such as 0750'],
  ['no services', { ...container, containerApp: { services: [] } }, 'containerApp.services', 'at least one service'],
  ['a cluster name', { ...container, containerApp: { services: [web], clusterName: 'shop cluster' } }, 'containerApp.clusterName', 'an ECS cluster name (letters, digits, _ and -, at most 255)'],
  ['an emulator endpoint', { ...container, emulation: { endpoint: 'not a url' } }, 'emulation.endpoint', 'an http(s) URL such as http://127.0.0.1:5000'],
  ['a further database name', { ...container, databases: { Reports: {} } }, 'databases.Reports', 'a database name (lower-case letters, digits, dashes; at most 15)'],
  ['an AMI owner', withInstanceApp('test', { ami: { owner: 'me', namePattern: 'hardened-al2023-*' } }), 'instanceApp.ami.owner', 'a 12-digit account ID, self, amazon or aws-marketplace'],
  ['an AMI name pattern', withInstanceApp('test', { ami: { owner: 'self', namePattern: 'x' } }), 'instanceApp.ami.namePattern', 'an AMI name pattern such as hardened-al2023-*'],
  ['an instance type', withInstanceApp('test', { instanceType: 'large' }), 'instanceApp.instanceType', 'an EC2 instance type such as m6i.large'],
  ['an instance type of one instance', withInstanceApp('test', { instances: [{ availabilityZone: 'eu-central-1a', instanceType: 'large' }] }), 'instanceApp.instances[0].instanceType', 'an EC2 instance type such as m6i.large'],
  ['no instances', withInstanceApp('test', { instances: [] }), 'instanceApp.instances', 'at least one instance'],
  ['a data volume device', withInstanceApp('test', { dataVolume: { sizeGiB: 50, deviceName: '/dev/sda' } }), 'instanceApp.dataVolume.deviceName', 'a device name from /dev/sdf to /dev/sdp'],
  ['an instance health-check path', withInstanceApp('test', { healthCheckPath: 'erp/health' }), 'instanceApp.healthCheckPath', 'a path starting with /'],
  ['healthy status codes', withInstanceApp('test', { healthyStatusCodes: 'ok' }), 'instanceApp.healthyStatusCodes', 'HTTP codes such as 200 or 200-399'],
  ['a log file name', withInstanceApp('test', { logFiles: [{ path: '/var/log/app.log', name: 'App' }] }), 'instanceApp.logFiles[0].name', 'a short lower-case name'],
  ['a patching schedule', { ...instanceAppConfig('test'), patching: { schedule: 'cron(0 3 * *)' } }, 'patching.schedule', 'a six-field schedule such as cron(0 3 ? * TUE *)'],
  ['a patching time zone', { ...instanceAppConfig('test'), patching: { scheduleTimezone: 'berlin' } }, 'patching.scheduleTimezone', 'an IANA time zone such as Europe/Berlin'],
  ['an OpenSearch version', withOpenSearch({ engineVersion: '2.17' }), 'openSearch.engineVersion', 'an OpenSearch engine version such as OpenSearch_2.17'],
  ['an OpenSearch instance type', withOpenSearch({ instanceType: 'r6g.large' }), 'openSearch.instanceType', 'an OpenSearch instance type such as r6g.large.search'],
  ['a dedicated master type', withOpenSearch({ dedicatedMasterType: 'm6g.large' }), 'openSearch.dedicatedMasterType', 'an OpenSearch instance type such as m6g.large.search'],
  ['no subscriber accounts', { ...observability, ingestion: { subscriberAccounts: [] } }, 'ingestion.subscriberAccounts', 'at least one app account'],
  ['an index name', { ...observability, ingestion: { subscriberAccounts: ['123456789012'], indexName: 'Logs' } }, 'ingestion.indexName', 'a lower-case index name'],
  ['a Grafana version', { ...observability, grafana: { grafanaVersion: '10' } }, 'grafana.grafanaVersion', 'a Grafana version such as 10.4'],
];

describe('what the schema expects, in the words a user reads', () => {
  it.each(cases)('%s', (_, file, keyPath, expected) => {
    const lines = configErrorLines(file);
    expect(lines).toContainEqual(expect.stringContaining(`: ${keyPath}: expected ${expected}`));
  });
});

describe('IPv4 CIDR blocks (network.vpcCidr)', () => {
  const cidrError = (vpcCidr: string) => configErrorLines({ ...container, network: { ...network, vpcCidr } }).filter((l) => l.includes('network.vpcCidr'));

  it.each(['10.0.0.0/16', '255.255.255.255/32', '0.0.0.0/0'])('accepts %s (octets up to 255, a prefix up to 32)', (cidr) => {
    expect(cidrError(cidr)).toEqual([]);
  });

  it.each(['10.0.0.256/16', '256.0.0.0/16', '10.0.0.0/33', 'x10.0.0.0/16', '10.0.0.0/16x', '10.0.1000.0/16', '10.0.0.1000/16', '10.0.0/16', ' 10.0.0.0/16'])('refuses %s', (cidr) => {
    expect(cidrError(cidr)).toEqual([expect.stringMatching(/: network\.vpcCidr: expected an IPv4 CIDR block such as 10\.0\.0\.0\/16, found /)]);
  });
});

// The baseline shares the account rule; its file has no app to blame instead.
it('says the same about an account ID in a baseline', () => {
  expect(configErrorLines(accountBaselineConfig('test', { account: '1234' }))).toContainEqual(expect.stringContaining(': account: expected a 12-digit AWS account ID (quote it in YAML)'));
});
