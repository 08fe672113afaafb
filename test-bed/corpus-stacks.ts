/**
 * The stacks of the plan corpus, as plain Terraform JSON: a first configuration that is applied to the
 * AWS emulator, things done "by hand" afterwards, and a second configuration that is planned. Each
 * second configuration is chosen so that the plan holds one of every change a reviewer must read.
 */
import { AWS_REQUIRED_PROVIDERS } from '../tooling/terraform-cli';
import { EMULATED_PROVIDER_ARGUMENTS, EMULATOR_BASE_AMI, EMULATOR_REGION } from './emulator';

export type TfJson = Record<string, unknown>;

/** Sensitive values written into the corpus; no review output may ever contain one of them. */
export const CORPUS_SECRETS = {
  dbPasswordOld: 'corpus-secret-one-9f2e61',
  dbPasswordNew: 'corpus-secret-two-4c7a90',
  apiToken: 'corpus-api-token-ab12cd34',
  rdsPassword: 'corpus-rds-password-77aa',
  typeChangeToken: 'corpus-typechange-token-d00d',
};

/**
 * Sensitive values too short for the second line of defence's substring scan (mask.ts): only the
 * masks keep them out of the note. Chosen so that they never occur by chance in an id or a timestamp.
 */
export const SHORT_CORPUS_SECRETS = { pin: 'Zq7!', port: 7919 };

export const RDS_IDENTIFIER = 'shop-production-db';
/** Two AMIs from the emulator's own catalogue (it refuses IDs from real AWS). */
export const AMI_OLD = EMULATOR_BASE_AMI;
export const AMI_NEW = 'ami-03cf127a';

function base(): TfJson {
  const provider: Record<string, unknown> = { region: EMULATOR_REGION, ...EMULATED_PROVIDER_ARGUMENTS };
  return {
    terraform: { required_providers: AWS_REQUIRED_PROVIDERS },
    provider: { aws: [provider] },
  };
}

const ASSUME_EC2 = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const ASSUME_ECS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

function param(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, type: 'String', insecure_value: 'x', ...extra };
}

/** shop-test: every kind of change in one plan. */
export function shopTestStage1(): TfJson {
  return {
    ...base(),
    resource: {
      aws_ssm_parameter: {
        db_password: { name: '/shop-test/db-password', type: 'SecureString', value: CORPUS_SECRETS.dbPasswordOld },
        feature_flags: param('/shop-test/feature-flags', { insecure_value: '{"beta":true,"limit":5}' }),
        api_name: param('/shop-test/api-name', { insecure_value: 'shop-api' }),
        release: param('/shop-test/release', { insecure_value: '2024.1', tags: { Team: 'shop' } }),
        legacy_flag: param('/shop-test/legacy-flag', { insecure_value: 'on' }),
        old_name: param('/shop-test/moved', { insecure_value: 'moved' }),
        handover: param('/shop-test/handover', { insecure_value: 'handed over' }),
        adopted: param('/shop-test/adopted', { insecure_value: 'adoption-payload-5e', description: 'made by hand' }),
        endpoint: param('/shop-test/endpoint', { insecure_value: 'https://api-v1.shop.internal', lifecycle: { ignore_changes: ['insecure_value'] } }),
        endpoint_copy: param('/shop-test/endpoint-copy', { insecure_value: '${aws_ssm_parameter.endpoint.insecure_value}' }),
        cache_ttl: param('/shop-test/cache-ttl', { insecure_value: '300', tags: { Team: 'shop' } }),
      },
      aws_security_group: {
        web: { name_prefix: 'shop-test-web-', description: 'shop web v1', lifecycle: { create_before_destroy: true } },
      },
      aws_iam_role: { app: { name: 'shop-test-app', assume_role_policy: ASSUME_EC2 } },
    },
  };
}

/** Done between apply and plan: the state forgets `adopted` (imported again by the plan). */
export const SHOP_TEST_STATE_RM = ['aws_ssm_parameter.adopted'];

export function shopTestStage2(): TfJson {
  return {
    ...base(),
    variable: { api_token: { type: 'string', sensitive: true, default: CORPUS_SECRETS.apiToken } },
    import: [{ to: 'aws_ssm_parameter.adopted', id: '/shop-test/adopted' }],
    moved: [{ from: 'aws_ssm_parameter.old_name', to: 'aws_ssm_parameter.renamed' }],
    removed: [{ from: 'aws_ssm_parameter.handover', lifecycle: { destroy: false } }],
    data: {
      aws_caller_identity: { current: {} },
      aws_iam_policy_document: {
        reports_key_use: {
          statement: [{ actions: ['kms:Decrypt'], resources: ['${aws_kms_key.reports.arn}'] }],
        },
      },
    },
    resource: {
      aws_ssm_parameter: {
        db_password: { name: '/shop-test/db-password', type: 'SecureString', value: CORPUS_SECRETS.dbPasswordNew },
        // Same document, other whitespace: noise.
        feature_flags: param('/shop-test/feature-flags', { insecure_value: '{ "beta": true, "limit": 5 }' }),
        // A new name forces replacement; the old object is destroyed first.
        api_name: param('/shop-test/api/name', { insecure_value: 'shop-api' }),
        release: param('/shop-test/release', { insecure_value: '2024.1', tags: { Team: 'shop', CostCenter: '4242' } }),
        renamed: param('/shop-test/moved', { insecure_value: 'moved' }),
        adopted: param('/shop-test/adopted', { insecure_value: 'adoption-payload-5e', description: 'managed by Terraform now' }),
        endpoint: param('/shop-test/endpoint', { insecure_value: 'https://api-v1.shop.internal', lifecycle: { ignore_changes: ['insecure_value'] } }),
        endpoint_copy: param('/shop-test/endpoint-copy', { insecure_value: '${aws_ssm_parameter.endpoint.insecure_value}' }),
        cache_ttl: param('/shop-test/cache-ttl', { insecure_value: '300', tags: { Team: 'shop' } }),
        api_token: { name: '/shop-test/api-token', type: 'SecureString', value: '${var.api_token}' },
        account: param('/shop-test/account', { insecure_value: '${data.aws_caller_identity.current.account_id}' }),
        reports_policy: param('/shop-test/reports-policy', { insecure_value: '${data.aws_iam_policy_document.reports_key_use.json}' }),
      },
      aws_security_group: {
        web: { name_prefix: 'shop-test-web-', description: 'shop web v2', lifecycle: { create_before_destroy: true } },
      },
      aws_iam_role: { app: { name: 'shop-test-app', assume_role_policy: ASSUME_ECS } },
      aws_kms_key: { reports: { description: 'shop reports', deletion_window_in_days: 7 } },
      aws_kms_alias: { reports: { name: 'alias/shop-test-reports', target_key_id: '${aws_kms_key.reports.key_id}' } },
    },
    output: {
      reports_key_arn: { value: '${aws_kms_key.reports.arn}' },
      db_password: { value: '${aws_ssm_parameter.db_password.value}', sensitive: true },
    },
  };
}

/** shop-production: the policy gate's cases (the RDS instance is made through the API and imported). */
const INSTANCE = 'shop_app-instance-a_1A2B3C4D';

function productionResources(stage: 1 | 2): Record<string, unknown> {
  return {
    aws_instance: {
      [INSTANCE]: {
        ami: stage === 1 ? AMI_OLD : AMI_NEW,
        instance_type: 't3.micro',
        root_block_device: { volume_size: 8, encrypted: true },
        tags: { Name: 'shop-app-a' },
      },
    },
    aws_db_instance: {
      main: {
        identifier: RDS_IDENTIFIER,
        engine: 'postgres',
        instance_class: 'db.t3.micro',
        allocated_storage: 20,
        // The master user name cannot change in place: the database would be replaced.
        username: stage === 1 ? 'shop' : 'shop_admin',
        storage_encrypted: true,
        skip_final_snapshot: true,
      },
    },
    aws_ssm_parameter: {
      licence: param(stage === 1 ? '/shop-production/licence' : '/shop-production/licence-key', { insecure_value: 'licence file', tags: { Protected: 'true' } }),
      banner: param('/shop-production/banner', { insecure_value: stage === 1 ? 'Welcome' : 'Welcome back' }),
    },
    // Unchanged, but it refers to the replaced database: the blast radius must show it.
    aws_cloudwatch_metric_alarm: {
      db_cpu: {
        alarm_name: 'shop-production-db-cpu',
        namespace: 'AWS/RDS',
        metric_name: 'CPUUtilization',
        dimensions: { DBInstanceIdentifier: '${aws_db_instance.main.identifier}' },
        statistic: 'Average',
        period: 300,
        evaluation_periods: 3,
        threshold: 80,
        comparison_operator: 'GreaterThanThreshold',
      },
    },
    ...(stage === 1 ? { aws_kms_key: { data: { description: 'shop production data', deletion_window_in_days: 30 } } } : {}),
  };
}

export function shopProductionStage1(): TfJson {
  return { ...base(), import: [{ to: 'aws_db_instance.main', id: RDS_IDENTIFIER }], resource: productionResources(1) };
}

export function shopProductionStage2(): TfJson {
  return { ...base(), resource: productionResources(2) };
}

/** billing-test: nothing to do (no-op entries and a data source read during the plan). */
export function billingTestStage(): TfJson {
  return {
    ...base(),
    data: { aws_caller_identity: { current: {} } },
    resource: {
      aws_ssm_parameter: {
        account: param('/billing-test/account', { insecure_value: '${data.aws_caller_identity.current.account_id}' }),
        currency: param('/billing-test/currency', { insecure_value: 'EUR' }),
      },
    },
  };
}

/**
 * typechange-test: attributes whose type changes between the applied and the planned configuration
 * (terraform_data.input is dynamically typed), with sensitive parts on either side. Terraform writes
 * each side's mask in that side's own shape; the old value must never be printed raw.
 */
function typeChangeVariables(): TfJson {
  return {
    variable: {
      pin: { type: 'string', sensitive: true, default: SHORT_CORPUS_SECRETS.pin },
      port: { type: 'number', sensitive: true, default: SHORT_CORPUS_SECRETS.port },
      token: { type: 'string', sensitive: true, default: CORPUS_SECRETS.typeChangeToken },
    },
  };
}

export function typeChangeStage(stage: 1 | 2): TfJson {
  const input = (first: unknown, second: unknown) => ({ input: stage === 1 ? first : second });
  // terraform_data is built into Terraform: no provider to install, nothing to create in the emulator.
  return {
    ...typeChangeVariables(),
    resource: {
      terraform_data: {
        // object with sensitive members -> string
        object_to_string: input({ pin: '${var.pin}', port: '${var.port}', token: '${var.token}', host: 'db.internal' }, 'settings moved to SSM'),
        // list with a sensitive element -> number
        list_to_number: input(['${var.pin}', 'plain', '${var.port}'], 42),
        // sensitive string -> object
        string_to_object: input('${var.token}', { host: 'db.internal', port: 5432 }),
        // sensitive number -> bool
        number_to_bool: input('${var.port}', true),
        // object -> list of objects with a sensitive member
        object_to_list: input({ host: 'db.internal' }, [{ pin: '${var.pin}' }, { pin: 'none' }]),
      },
    },
  };
}
