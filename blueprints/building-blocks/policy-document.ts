/**
 * IAM policy documents as `aws_iam_policy_document` data sources: rendered locally by the provider (no
 * AWS call), canonical JSON in the plan, and readable by policy scanners, unlike string-built JSON.
 */
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Construct } from 'constructs';

export type PolicyStatement = DataAwsIamPolicyDocumentStatement;

export function policyDocument(scope: Construct, id: string, statements: PolicyStatement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, { statement: statements });
}

/** Trust policy letting one AWS service assume a role, optionally only on behalf of this account. */
export function assumeRoleDocument(scope: Construct, id: string, service: string, accountId?: string): DataAwsIamPolicyDocument {
  return policyDocument(scope, id, [
    {
      effect: 'Allow',
      actions: ['sts:AssumeRole'],
      principals: [{ type: 'Service', identifiers: [service] }],
      condition: accountId ? [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] }] : undefined,
    },
  ]);
}
