/**
 * One Terraform configuration (main.tf.json) that uses every resource the emulator launcher extends,
 * in two phases: 'create' sets each extended setting, 'update' changes each one, so the apply of
 * 'update' goes through the launcher's modify/untag/update calls rather than only create and read.
 */
import { AWS_REQUIRED_PROVIDERS } from '../../tooling/terraform-cli';
import { EMULATED_PROVIDER_ARGUMENTS, EMULATOR_BASE_AMI, EMULATOR_REGION } from '../../test-bed/emulator';

export type GapConfigPhase = 'create' | 'update';

const assumeRole = (service: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });

export function gapConfig(phase: GapConfigPhase): Record<string, unknown> {
  const update = phase === 'update';
  return {
    terraform: { required_providers: AWS_REQUIRED_PROVIDERS },
    provider: { aws: [{ region: EMULATOR_REGION, ...EMULATED_PROVIDER_ARGUMENTS }] },
    resource: {
      aws_vpc: { main: { cidr_block: '10.0.0.0/16' } },
      aws_subnet: {
        app: { vpc_id: '${aws_vpc.main.id}', cidr_block: '10.0.1.0/24', availability_zone: `${EMULATOR_REGION}a` },
      },
      aws_security_group: {
        app: { name: 'app', description: 'app tasks', vpc_id: '${aws_vpc.main.id}' },
        database: { name: 'database', description: 'database', vpc_id: '${aws_vpc.main.id}' },
      },
      // Rules that reference another security group carry their description with the group pair.
      aws_vpc_security_group_ingress_rule: {
        database_from_app: {
          security_group_id: '${aws_security_group.database.id}',
          referenced_security_group_id: '${aws_security_group.app.id}',
          ip_protocol: 'tcp',
          from_port: 5432,
          to_port: 5432,
          description: update ? 'PostgreSQL from the app tasks only' : 'PostgreSQL from the app tasks',
        },
      },
      aws_vpc_security_group_egress_rule: {
        app_to_database: {
          security_group_id: '${aws_security_group.app.id}',
          referenced_security_group_id: '${aws_security_group.database.id}',
          ip_protocol: 'tcp',
          from_port: 5432,
          to_port: 5432,
          description: 'To the database',
        },
      },
      aws_kms_key: {
        app: {
          description: 'app data',
          enable_key_rotation: true,
          ...(update ? { rotation_period_in_days: 180 } : {}),
          deletion_window_in_days: 7,
        },
      },
      // EFS: the backup policy is put (and on update turned off), the file-system policy deleted on destroy.
      aws_efs_file_system: { files: { creation_token: 'files', encrypted: true, kms_key_id: '${aws_kms_key.app.arn}' } },
      aws_efs_backup_policy: { files: { file_system_id: '${aws_efs_file_system.files.id}', backup_policy: { status: update ? 'DISABLED' : 'ENABLED' } } },
      aws_efs_file_system_policy: {
        files: {
          file_system_id: '${aws_efs_file_system.files.id}',
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Sid: 'DenyClientsWithoutTls', Effect: 'Deny', Principal: { AWS: '*' }, Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
          }),
        },
      },
      aws_instance: {
        // The licensed-software host: monitoring, protection against termination and stop, auto recovery.
        app: {
          ami: EMULATOR_BASE_AMI,
          instance_type: 't3.micro',
          subnet_id: '${aws_subnet.app.id}',
          // Makes the provider launch with a network interface specification, which carries the groups.
          associate_public_ip_address: false,
          vpc_security_group_ids: ['${aws_security_group.app.id}'],
          // Set with ModifyInstanceAttribute after launch; must leave the groups alone.
          instance_initiated_shutdown_behavior: update ? 'terminate' : 'stop',
          monitoring: !update,
          disable_api_termination: !update,
          disable_api_stop: true,
          ebs_optimized: true,
          metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1, http_endpoint: 'enabled' },
          // Created with the non-default value, so the read-back proves RunInstances kept it.
          maintenance_options: { auto_recovery: update ? 'default' : 'disabled' },
          root_block_device: { volume_size: 8, volume_type: 'gp3', encrypted: true },
          tags: { Name: 'app', backup: 'daily' },
        },
        // A root volume without a size: EC2 takes the AMI's.
        unsized_root: {
          ami: EMULATOR_BASE_AMI,
          instance_type: 't3.micro',
          subnet_id: '${aws_subnet.app.id}',
          root_block_device: { encrypted: true },
        },
      },
      aws_db_parameter_group: {
        postgres: {
          name: 'app-pg16',
          family: 'postgres16',
          parameter: [
            { name: 'rds.force_ssl', value: '1', apply_method: 'immediate' },
            { name: 'log_statement', value: update ? 'mod' : 'ddl', apply_method: 'immediate' },
          ],
        },
      },
      aws_iam_role: {
        backup: { name: 'backup-service', assume_role_policy: assumeRole('backup.amazonaws.com') },
        rds_monitoring: { name: 'rds-enhanced-monitoring', assume_role_policy: assumeRole('monitoring.rds.amazonaws.com') },
      },
      aws_iam_role_policy_attachment: {
        rds_monitoring: {
          role: '${aws_iam_role.rds_monitoring.name}',
          policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
        },
      },
      aws_backup_vault: { main: { name: 'main', force_destroy: true, tags: update ? { app: 'web', team: 'platform' } : { app: 'web' } } },
      aws_backup_plan: {
        daily: {
          name: 'daily',
          rule: [{ rule_name: 'daily', target_vault_name: '${aws_backup_vault.main.name}', schedule: 'cron(0 3 * * ? *)', lifecycle: { delete_after: 35 } }],
          tags: update ? { app: 'web', team: 'platform' } : { app: 'web' },
        },
      },
      aws_backup_selection: {
        app: {
          name: 'app',
          plan_id: '${aws_backup_plan.daily.id}',
          iam_role_arn: '${aws_iam_role.backup.arn}',
          resources: update ? ['${aws_instance.app.arn}', '${aws_instance.unsized_root.arn}'] : ['${aws_instance.app.arn}'],
          selection_tag: [{ type: 'STRINGEQUALS', key: 'backup', value: 'daily' }],
        },
      },
      aws_ecs_cluster: { main: { name: 'main', setting: [{ name: 'containerInsights', value: 'enabled' }] } },
      aws_ecs_task_definition: {
        web: {
          family: 'web',
          requires_compatibilities: ['FARGATE'],
          network_mode: 'awsvpc',
          cpu: '256',
          memory: '512',
          container_definitions: JSON.stringify([{ name: 'web', image: 'nginx', essential: true }]),
        },
      },
      aws_ecs_service: {
        web: {
          name: 'web',
          cluster: '${aws_ecs_cluster.main.id}',
          task_definition: '${aws_ecs_task_definition.web.arn}',
          desired_count: 2,
          launch_type: 'FARGATE',
          platform_version: 'LATEST',
          deployment_minimum_healthy_percent: 100,
          deployment_maximum_percent: 200,
          deployment_circuit_breaker: { enable: true, rollback: true },
          propagate_tags: 'SERVICE',
          enable_ecs_managed_tags: true,
          network_configuration: { subnets: ['${aws_subnet.app.id}'], assign_public_ip: false },
        },
      },
      aws_appautoscaling_target: {
        web: {
          service_namespace: 'ecs',
          resource_id: 'service/${aws_ecs_cluster.main.name}/${aws_ecs_service.web.name}',
          scalable_dimension: 'ecs:service:DesiredCount',
          min_capacity: 2,
          max_capacity: update ? 6 : 4,
          tags: update ? { team: 'platform' } : { app: 'web' },
        },
      },
      aws_ssm_patch_baseline: {
        linux: {
          name: 'linux-security',
          operating_system: 'AMAZON_LINUX_2023',
          approval_rule: [
            { approve_after_days: update ? 14 : 7, compliance_level: 'HIGH', patch_filter: [{ key: 'CLASSIFICATION', values: ['Security'] }] },
          ],
          tags: update ? { app: 'web', team: 'platform' } : { app: 'web' },
        },
      },
      aws_ssm_patch_group: { app: { baseline_id: '${aws_ssm_patch_baseline.linux.id}', patch_group: 'app' } },
      aws_ssm_maintenance_window: { weekly: { name: 'weekly', schedule: 'cron(0 4 ? * SUN *)', duration: 2, cutoff: 1 } },
      aws_ssm_maintenance_window_target: {
        app: {
          window_id: '${aws_ssm_maintenance_window.weekly.id}',
          resource_type: 'INSTANCE',
          targets: [{ key: 'InstanceIds', values: ['${aws_instance.app.id}'] }],
          ...(update ? { owner_information: 'patching', description: 'the licensed-software host' } : {}),
        },
      },
      aws_ssm_maintenance_window_task: {
        patch: {
          window_id: '${aws_ssm_maintenance_window.weekly.id}',
          task_type: 'RUN_COMMAND',
          task_arn: 'AWS-RunPatchBaseline',
          priority: update ? 2 : 1,
          max_concurrency: '1',
          max_errors: '0',
          targets: [{ key: 'WindowTargetIds', values: ['${aws_ssm_maintenance_window_target.app.id}'] }],
          task_invocation_parameters: {
            run_command_parameters: { timeout_seconds: 600, parameter: [{ name: 'Operation', values: ['Install'] }] },
          },
        },
      },
      // Server access logging into a bucket whose policy also holds a statement for every principal ("*").
      aws_s3_bucket: { access_logs: { bucket: 'gap-access-logs', force_destroy: true }, data: { bucket: 'gap-data', force_destroy: true } },
      aws_s3_bucket_policy: {
        access_logs: {
          bucket: '${aws_s3_bucket.access_logs.id}',
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DenyInsecureTransport',
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:*',
                Resource: ['arn:aws:s3:::gap-access-logs', 'arn:aws:s3:::gap-access-logs/*'],
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
              { Sid: 'ServerAccessLogs', Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::gap-access-logs/*' },
            ],
          }),
        },
      },
      aws_s3_bucket_logging: {
        data: {
          bucket: '${aws_s3_bucket.data.id}',
          target_bucket: '${aws_s3_bucket.access_logs.id}',
          target_prefix: update ? 'data-v2/' : 'data/',
          depends_on: ['aws_s3_bucket_policy.access_logs'],
        },
      },
      // A trail announcing its deliveries on a topic (by name: given its ARN, the provider reads back the
      // name and plans a change, in AWS as here; the ARN form is checked in launcher-deploy-extensions).
      aws_sns_topic: { trail: { name: 'gap-trail-deliveries' } },
      aws_cloudtrail: {
        main: {
          name: 'gap-trail',
          s3_bucket_name: '${aws_s3_bucket.data.id}',
          sns_topic_name: '${aws_sns_topic.trail.name}',
          include_global_service_events: true,
          is_multi_region_trail: !update,
          enable_log_file_validation: true,
        },
      },
      // Two features of one detector, created at once: each UpdateDetector names only its own.
      aws_guardduty_detector: { main: { enable: true } },
      aws_guardduty_detector_feature: {
        s3: { detector_id: '${aws_guardduty_detector.main.id}', name: 'S3_DATA_EVENTS', status: 'ENABLED' },
        ebs: { detector_id: '${aws_guardduty_detector.main.id}', name: 'EBS_MALWARE_PROTECTION', status: update ? 'DISABLED' : 'ENABLED' },
      },
      aws_ssm_association: {
        patch_scan: {
          name: 'AWS-RunPatchBaseline',
          association_name: 'patch-scan',
          schedule_expression: update ? 'cron(0 7 ? * * *)' : 'cron(0 6 ? * * *)',
          parameters: { Operation: 'Scan' },
          targets: [{ key: 'InstanceIds', values: ['${aws_instance.app.id}'] }],
          compliance_severity: 'HIGH',
          tags: update ? { app: 'web', team: 'platform' } : { app: 'web' },
        },
      },
      // Central logging: a log group subscribed to a CloudWatch Logs destination (cross-account in the
      // end-to-end run, where the destination lives in another account; here in the same one).
      aws_cloudwatch_log_group: { central_source: { name: 'gap-central-source' } },
      aws_cloudwatch_log_destination: {
        central: {
          name: 'gap-central',
          role_arn: '${aws_iam_role.backup.arn}',
          target_arn: 'arn:aws:firehose:eu-central-1:123456789012:deliverystream/gap-central',
        },
      },
      aws_cloudwatch_log_subscription_filter: {
        central: {
          name: 'central',
          log_group_name: '${aws_cloudwatch_log_group.central_source.name}',
          destination_arn: '${aws_cloudwatch_log_destination.central.arn}',
          filter_pattern: update ? '?ERROR ?WARN' : '',
        },
      },
      aws_s3_account_public_access_block: {
        account: { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
      },
    },
  };
}

/**
 * The RDS part, kept apart because the provider's own waiters make a DB instance take ~90 s to
 * create (and as long to delete) even against the emulator: it is applied once, concurrently with
 * the main configuration, and re-planned; its deletion is moto's own and tests nothing of ours.
 */
export function rdsGapConfig(): Record<string, unknown> {
  return {
    terraform: { required_providers: AWS_REQUIRED_PROVIDERS },
    provider: { aws: [{ region: EMULATOR_REGION, ...EMULATED_PROVIDER_ARGUMENTS }] },
    resource: {
      aws_vpc: { data: { cidr_block: '10.1.0.0/16' } },
      aws_subnet: {
        data_a: { vpc_id: '${aws_vpc.data.id}', cidr_block: '10.1.1.0/24', availability_zone: `${EMULATOR_REGION}a` },
        data_b: { vpc_id: '${aws_vpc.data.id}', cidr_block: '10.1.2.0/24', availability_zone: `${EMULATOR_REGION}b` },
      },
      aws_security_group: { database: { name: 'rds-database', description: 'database', vpc_id: '${aws_vpc.data.id}' } },
      aws_kms_key: { database: { description: 'database', enable_key_rotation: true, deletion_window_in_days: 7 } },
      aws_db_subnet_group: { main: { name: 'main', subnet_ids: ['${aws_subnet.data_a.id}', '${aws_subnet.data_b.id}'] } },
      aws_db_parameter_group: {
        database: { name: 'database-pg16', family: 'postgres16', parameter: [{ name: 'rds.force_ssl', value: '1', apply_method: 'immediate' }] },
      },
      aws_db_instance: {
        main: {
          identifier: 'app-db',
          engine: 'postgres',
          engine_version: '16.4',
          instance_class: 'db.t4g.micro',
          allocated_storage: 20,
          username: 'app',
          manage_master_user_password: true,
          storage_encrypted: true,
          kms_key_id: '${aws_kms_key.database.arn}',
          db_subnet_group_name: '${aws_db_subnet_group.main.name}',
          parameter_group_name: '${aws_db_parameter_group.database.name}',
          vpc_security_group_ids: ['${aws_security_group.database.id}'],
          performance_insights_enabled: true,
          performance_insights_kms_key_id: '${aws_kms_key.database.arn}',
          performance_insights_retention_period: 7,
          skip_final_snapshot: true,
        },
      },
    },
  };
}
