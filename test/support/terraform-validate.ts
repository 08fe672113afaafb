/** `terraform validate` of one synthesized stack with the real provider from the offline mirror. */
import { initWithoutBackend, runTerraform } from '../../tooling/terraform-cli';

export interface ValidateReport {
  valid: boolean;
  error_count: number;
  warning_count: number;
  diagnostics: { severity: string; summary: string; detail?: string }[];
}

export function terraformValidate(stackDir: string): ValidateReport {
  initWithoutBackend(stackDir);
  const { stdout } = runTerraform(stackDir, ['validate', '-json']);
  const report = JSON.parse(stdout) as ValidateReport & { format_version?: string };
  return { valid: report.valid, error_count: report.error_count, warning_count: report.warning_count, diagnostics: report.diagnostics };
}

export const CLEAN: ValidateReport = { valid: true, error_count: 0, warning_count: 0, diagnostics: [] };
