"""Starts moto's server with the API calls the blueprints need but moto 5.2.5 lacks.

Each extension keeps its state in moto's own backend objects (so `POST /moto-api/reset` clears it
like everything else) and answers with the real API's response shape, serialised by moto from
botocore's service model. Every extension is listed in test-bed/emulator-gaps.ts and covered by a
test in test/test-bed/ (a Terraform apply + re-plan, or the API through the AWS SDK where the
end-to-end run does the Terraform part).

The server binds port 0 and writes the port it got to --port-file (temp file + rename), so the
caller never races another process for a "free" port.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import string
import sys
import threading
import time
import uuid
from collections import OrderedDict
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import unquote

# moto only knows AWS-managed IAM policies (e.g. service-role/AmazonRDSEnhancedMonitoringRole) when
# told to load its catalogue; loading all ~1,600 costs under 0.1 s per IAM backend.
os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
# ACM issues a DNS-validated certificate once its validation record resolves, typically seconds to
# minutes after the request; moto issues it when a describe comes MOTO_ACM_VALIDATION_WAIT seconds
# after the request (default 60). aws_acm_certificate_validation polls until then, so every app stack
# waited ~53 s for a wall clock. 5 s keeps "pending, then issued" (emulator-gaps.ts, aws_acm_certificate_validation).
os.environ.setdefault("MOTO_ACM_VALIDATION_WAIT", "5")

from moto.core.exceptions import ServiceException  # noqa: E402
from moto.core.responses import ActionResult, EmptyResult  # noqa: E402
from moto.moto_server.werkzeug_app import (  # noqa: E402
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server  # noqa: E402


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _state(backend: Any, name: str, factory: Callable[[], Any]) -> Any:
    """Extension state kept on moto's backend object, so moto's reset (which rebuilds every backend) clears it."""
    store = backend.__dict__
    if name not in store:
        store[name] = factory()
    return store[name]


# --- EC2 ------------------------------------------------------------------------------------------

_DEFAULT_ROOT_VOLUME_GIB = 8


def _extend_ec2() -> None:
    from moto.ec2.models.instances import Instance
    from moto.ec2.responses import EC2Response

    # Real EC2 reports maintenance options on every instance; AutoRecovery defaults to "default".
    # A class-level default is safe because instances only ever get a new dict assigned, never mutated.
    Instance.maintenance_options = {"AutoRecovery": "default"}

    original_run_instances = EC2Response.run_instances

    def run_instances(self: Any) -> ActionResult:
        """moto drops DisableApiTermination and MaintenanceOptions from RunInstances; keep them."""
        _default_root_volume_size(self)
        result = original_run_instances(self)
        disable_termination = bool(self._get_param("DisableApiTermination", False))
        auto_recovery = self._get_param("MaintenanceOptions.AutoRecovery")
        for instance in result.result.instances:
            instance.disable_api_termination = disable_termination
            # Launched with a network interface specification (the provider sends one whenever
            # associate_public_ip_address is set), moto keeps the groups on the interface only and
            # reports none on the instance, so the plan after apply showed vpc_security_group_ids as
            # changed. EC2 reports the primary interface's groups as the instance's.
            primary = instance.nics.get(0)
            if not instance.security_groups and primary is not None:
                instance.security_groups = list(primary._group_set)
            if auto_recovery:
                instance.maintenance_options = {"AutoRecovery": auto_recovery}
        return result

    def _default_root_volume_size(self: Any) -> None:
        """EC2 sizes a root volume given without VolumeSize from the AMI's snapshot; moto rejects it
        (MissingParameter). moto's AMIs have no snapshot size, so use the 8 GiB moto gives a default root."""
        image_id = self._get_param("ImageId")
        images = self.ec2_backend.describe_images(ami_ids=[image_id]) if image_id else []
        root_device = images[0].root_device_name if images else None
        for mapping in self._get_param("BlockDeviceMappings", []) or []:
            ebs = mapping.get("Ebs")
            if mapping.get("DeviceName") == root_device and ebs is not None and not ebs.get("VolumeSize") and not ebs.get("SnapshotId"):
                ebs["VolumeSize"] = _DEFAULT_ROOT_VOLUME_GIB

    def _set_monitoring(self: Any, stored: str, reported: str) -> ActionResult:
        instance_ids = self._get_param("InstanceIds", [])
        self.error_on_dryrun()
        instances = self.ec2_backend.get_multi_instances_by_id(instance_ids)
        for instance in instances:
            instance.monitoring_state = stored
        # The real API answers with the transitional state; DescribeInstances then shows the final one.
        return ActionResult(
            {"InstanceMonitorings": [{"InstanceId": i.id, "Monitoring": {"State": reported}} for i in instances]}
        )

    def monitor_instances(self: Any) -> ActionResult:
        return _set_monitoring(self, "enabled", "pending")

    def unmonitor_instances(self: Any) -> ActionResult:
        return _set_monitoring(self, "disabled", "disabling")

    def modify_instance_maintenance_options(self: Any) -> ActionResult:
        instance_id = self._get_param("InstanceId")
        auto_recovery = self._get_param("AutoRecovery")
        self.error_on_dryrun()
        instance = self.ec2_backend.get_instance(instance_id)
        if auto_recovery:
            instance.maintenance_options = {**instance.maintenance_options, "AutoRecovery": auto_recovery}
        return ActionResult({"InstanceId": instance.id, "AutoRecovery": instance.maintenance_options["AutoRecovery"]})

    original_dot_value_handler = EC2Response._dot_value_instance_attribute_handler
    original_security_group_handler = EC2Response._security_grp_instance_attribute_handler

    def _dot_value_instance_attribute_handler(self: Any) -> bool:
        """moto's ModifyInstanceAttribute knew no InstanceInitiatedShutdownBehavior (the provider sets
        it right after RunInstances), so the call fell through to the security-group handler, which
        replaced the instance's groups with none: the plan after apply showed vpc_security_group_ids
        as changed."""
        value = self._get_param("InstanceInitiatedShutdownBehavior.Value")
        if value is not None:
            self.error_on_dryrun()
            self.ec2_backend.modify_instance_attribute(self._get_param("InstanceId"), "instance_initiated_shutdown_behavior", value)
            return True
        return original_dot_value_handler(self)

    def _security_grp_instance_attribute_handler(self: Any) -> bool:
        """Only a call that names groups changes them; anything else moto does not know is refused
        (NotImplementedError) instead of silently emptying the instance's groups."""
        if not self._get_param("Groups"):
            return False
        return original_security_group_handler(self)

    EC2Response._dot_value_instance_attribute_handler = _dot_value_instance_attribute_handler
    EC2Response._security_grp_instance_attribute_handler = _security_grp_instance_attribute_handler

    from moto.ec2.models.elastic_network_interfaces import NetworkInterface

    moto_association = NetworkInterface.association

    def association(eni: Any) -> dict[str, Any] | None:
        """An interface without a public address has no association; moto answered an empty one
        (<association/>), which the provider reads as associate_public_ip_address = true, so the plan
        after apply wanted to replace the instance."""
        return moto_association.fget(eni) or None

    NetworkInterface.association = property(association)

    from moto.ec2.models.elastic_network_interfaces import NetworkInterfaceBackend

    original_modify_eni = NetworkInterfaceBackend.modify_network_interface_attribute

    def modify_network_interface_attribute(self: Any, eni_id: str, group_ids: list[str], *args: Any, **kwargs: Any) -> None:
        """The provider changes an instance's vpc_security_group_ids on its primary interface. moto
        changed the interface's groups only and kept reporting the instance's old ones (and their
        union on the interface), so the plan after apply showed the groups changed again. EC2's
        instance groups are its primary interface's."""
        original_modify_eni(self, eni_id, group_ids, *args, **kwargs)
        eni = self.get_network_interface(eni_id)
        if group_ids and eni.instance is not None and eni.device_index == 0:
            eni.instance.security_groups = list(eni._group_set)

    NetworkInterfaceBackend.modify_network_interface_attribute = modify_network_interface_attribute
    EC2Response.run_instances = run_instances
    EC2Response.monitor_instances = monitor_instances
    EC2Response.unmonitor_instances = unmonitor_instances
    EC2Response.modify_instance_maintenance_options = modify_instance_maintenance_options


# --- Application Auto Scaling ---------------------------------------------------------------------


def _extend_application_autoscaling() -> None:
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    def _target_by_arn(self: Any, arn: str) -> Any:
        backend = self.applicationautoscaling_backend
        for by_resource in backend.targets.values():
            for target in by_resource.values():
                if target.arn == arn:
                    return target
        raise ServiceException("ResourceNotFoundException", f"No scalable target found for {arn}")

    def _tags(target: Any) -> dict[str, str]:
        if not hasattr(target, "launcher_tags"):
            target.launcher_tags = {}
        return target.launcher_tags

    original_register = ApplicationAutoScalingResponse.register_scalable_target

    def register_scalable_target(self: Any) -> str:
        """moto ignores the Tags of RegisterScalableTarget; the provider tags targets on create."""
        body = original_register(self)
        tags = self._get_param("Tags") or {}
        if tags:
            _tags(_target_by_arn(self, json.loads(body)["ScalableTargetARN"])).update(tags)
        return body

    def list_tags_for_resource(self: Any) -> ActionResult:
        return ActionResult({"Tags": dict(_tags(_target_by_arn(self, self._get_param("ResourceARN"))))})

    def tag_resource(self: Any) -> ActionResult:
        _tags(_target_by_arn(self, self._get_param("ResourceARN"))).update(self._get_param("Tags") or {})
        return EmptyResult()

    def untag_resource(self: Any) -> ActionResult:
        tags = _tags(_target_by_arn(self, self._get_param("ResourceARN")))
        for key in self._get_param("TagKeys") or []:
            tags.pop(key, None)
        return EmptyResult()

    ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target
    ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource
    ApplicationAutoScalingResponse.tag_resource = tag_resource
    ApplicationAutoScalingResponse.untag_resource = untag_resource


# --- AWS Backup -----------------------------------------------------------------------------------


_BACKUP_SELECTION_PATH = re.compile(r"/backup/plans/(?P<plan>[^/]+)/selections/?(?P<selection>[^/]*)/?$")


def _extend_backup() -> None:
    from moto.backup.responses import BackupResponse

    def _selections(self: Any) -> tuple[str, str, dict[str, dict[str, Any]]]:
        match = _BACKUP_SELECTION_PATH.search(self.path)
        if not match:
            raise ServiceException("InvalidParameterValueException", f"not a backup selection path: {self.path}")
        plan_id, selection_id = unquote(match["plan"]), unquote(match["selection"])
        backend = self.backup_backend
        if plan_id not in backend.plans or backend.plans[plan_id].deletion_date is not None:
            raise ServiceException("ResourceNotFoundException", f"Failed reading Backup plan with provided version {plan_id}")
        by_plan = _state(backend, "launcher_backup_selections", dict)
        return plan_id, selection_id, by_plan.setdefault(plan_id, {})

    def create_backup_selection(self: Any) -> ActionResult:
        plan_id, _, selections = _selections(self)
        params = json.loads(self.body or "{}")
        selection = params.get("BackupSelection") or {}
        if not selection.get("SelectionName") or not selection.get("IamRoleArn"):
            raise ServiceException("InvalidParameterValueException", "BackupSelection needs SelectionName and IamRoleArn")
        selection_id = str(uuid.uuid4())
        selections[selection_id] = {
            "BackupSelection": selection,
            "SelectionId": selection_id,
            "BackupPlanId": plan_id,
            "CreationDate": _now(),
            "CreatorRequestId": params.get("CreatorRequestId"),
        }
        stored = selections[selection_id]
        return ActionResult({k: stored[k] for k in ("SelectionId", "BackupPlanId", "CreationDate")})

    def _one(self: Any) -> tuple[dict[str, dict[str, Any]], str]:
        _, selection_id, selections = _selections(self)
        if selection_id not in selections:
            raise ServiceException("ResourceNotFoundException", f"Backup selection {selection_id} not found")
        return selections, selection_id

    def get_backup_selection(self: Any) -> ActionResult:
        selections, selection_id = _one(self)
        return ActionResult(selections[selection_id])

    def delete_backup_selection(self: Any) -> ActionResult:
        selections, selection_id = _one(self)
        del selections[selection_id]
        return EmptyResult()

    def list_backup_selections(self: Any) -> ActionResult:
        _, _, selections = _selections(self)
        return ActionResult(
            {
                "BackupSelectionsList": [
                    {
                        "SelectionId": s["SelectionId"],
                        "SelectionName": s["BackupSelection"]["SelectionName"],
                        "BackupPlanId": s["BackupPlanId"],
                        "CreationDate": s["CreationDate"],
                        "CreatorRequestId": s["CreatorRequestId"],
                        "IamRoleArn": s["BackupSelection"]["IamRoleArn"],
                    }
                    for s in selections.values()
                ]
            }
        )

    original_delete_backup_plan = BackupResponse.delete_backup_plan

    def delete_backup_plan(self: Any) -> str:
        """Like AWS, refuse to delete a plan that still has selections."""
        plan_id = unquote(self.path.rstrip("/").split("/")[-1])
        if _state(self.backup_backend, "launcher_backup_selections", dict).get(plan_id):
            raise ServiceException(
                "InvalidRequestException", "Related backup plan selections must be deleted prior to backup plan deletion"
            )
        return original_delete_backup_plan(self)

    def list_tags(self: Any) -> str:
        """ListTags is GET /tags/{ResourceArn}; moto took the ARN from the second-to-last path
        segment, which only works with a trailing slash that current SDKs no longer send, and so
        answered every plan and vault with no tags (the plan after apply showed tags_all changed)."""
        match = re.search(r"/tags/(?P<arn>.+?)/?$", self.path)
        arn = unquote(match["arn"]) if match else ""
        return json.dumps({"Tags": self.backup_backend.list_tags(resource_arn=arn)})

    def list_recovery_points_by_backup_vault(self: Any) -> str:
        """A vault with force_destroy lists its recovery points to delete them first. moto runs no
        backup jobs, so a vault never holds any; an unknown vault is refused as AWS does."""
        match = re.search(r"/backup-vaults/(?P<name>[^/]+)/recovery-points/?$", self.path)
        name = unquote(match["name"]) if match else ""
        if name not in self.backup_backend.vaults:
            raise ServiceException("ResourceNotFoundException", f"Backup vault {name} does not exist")
        return json.dumps({"RecoveryPoints": []})

    def _vault_for_policy(self: Any) -> Any:
        match = re.search(r"/backup-vaults/(?P<name>[^/]+)/access-policy/?$", self.path)
        name = unquote(match["name"]) if match else ""
        if name not in self.backup_backend.vaults:
            raise ServiceException("ResourceNotFoundException", f"Backup vault {name} does not exist")
        return self.backup_backend.vaults[name]

    def put_backup_vault_access_policy(self: Any) -> str:
        """aws_backup_vault_policy (every production vault) puts the vault's resource policy; moto had
        no route for it (404). The policy is kept on the vault as given."""
        vault = _vault_for_policy(self)
        vault.launcher_access_policy = json.loads(self.body or "{}").get("Policy")
        return "{}"

    def get_backup_vault_access_policy(self: Any) -> str:
        vault = _vault_for_policy(self)
        policy = getattr(vault, "launcher_access_policy", None)
        if policy is None:
            raise ServiceException("ResourceNotFoundException", f"Backup vault {vault.backup_vault_name} has no access policy")
        return json.dumps({"BackupVaultName": vault.backup_vault_name, "BackupVaultArn": vault.backup_vault_arn, "Policy": policy})

    def delete_backup_vault_access_policy(self: Any) -> str:
        _vault_for_policy(self).launcher_access_policy = None
        return "{}"

    from moto.backup import urls as backup_urls

    # moto has no routes for them; registered before the first request builds the service's app.
    backup_urls.url_paths["{0}/backup-vaults/(?P<name>[^/]+)/recovery-points/?$"] = backup_urls.response.dispatch
    backup_urls.url_paths["{0}/backup-vaults/(?P<name>[^/]+)/access-policy/?$"] = backup_urls.response.dispatch

    BackupResponse.put_backup_vault_access_policy = put_backup_vault_access_policy
    BackupResponse.get_backup_vault_access_policy = get_backup_vault_access_policy
    BackupResponse.delete_backup_vault_access_policy = delete_backup_vault_access_policy

    BackupResponse.list_tags = list_tags
    BackupResponse.list_recovery_points_by_backup_vault = list_recovery_points_by_backup_vault
    BackupResponse.delete_backup_plan = delete_backup_plan
    BackupResponse.create_backup_selection = create_backup_selection
    BackupResponse.get_backup_selection = get_backup_selection
    BackupResponse.delete_backup_selection = delete_backup_selection
    BackupResponse.list_backup_selections = list_backup_selections


# --- SSM patching and maintenance windows ---------------------------------------------------------


def _extend_ssm() -> None:
    from moto.ssm.models import SimpleSystemManagerBackend
    from moto.ssm.responses import SimpleSystemManagerResponse

    original_validate = SimpleSystemManagerBackend._validate_resource_type_and_id

    def _validate_resource_type_and_id(backend: Any, resource_type: str, resource_id: str) -> str:
        """moto rejects every PatchBaseline ID, so a baseline with tags cannot be created or tagged."""
        if resource_type == "PatchBaseline":
            if resource_id not in backend.baselines:
                raise ServiceException("InvalidResourceId", "Invalid Resource Id")
            return resource_id
        return original_validate(backend, resource_type, resource_id)

    SimpleSystemManagerBackend._validate_resource_type_and_id = _validate_resource_type_and_id

    def _baseline(self: Any, baseline_id: str) -> Any:
        baseline = self.ssm_backend.baselines.get(baseline_id)
        if baseline is None:
            raise ServiceException("DoesNotExistException", f"Patch Baseline {baseline_id} does not exist.")
        return baseline

    def _dates(baseline: Any) -> dict[str, datetime]:
        return _state(baseline, "launcher_dates", lambda: {"CreatedDate": _now(), "ModifiedDate": _now()})

    def _baseline_view(self: Any, baseline: Any) -> dict[str, Any]:
        groups = [
            name for name, group in self.ssm_backend.patch_groups.items() if baseline.id in group.associations.values()
        ]
        return {
            "BaselineId": baseline.id,
            "Name": baseline.name,
            "OperatingSystem": baseline.operating_system,
            # The real API always returns GlobalFilters (empty when none were set); the provider relies on it.
            "GlobalFilters": baseline.global_filters or {"PatchFilters": []},
            "ApprovalRules": baseline.approval_rules or None,
            "ApprovedPatches": baseline.approved_patches or [],
            "ApprovedPatchesComplianceLevel": baseline.approved_patches_compliance_level or "UNSPECIFIED",
            "ApprovedPatchesEnableNonSecurity": bool(baseline.approved_patches_enable_non_security),
            "RejectedPatches": baseline.rejected_patches or [],
            "RejectedPatchesAction": baseline.rejected_patches_action or "ALLOW_AS_DEPENDENCY",
            "PatchGroups": sorted(groups),
            "Description": baseline.description,
            "Sources": baseline.sources or [],
            **_dates(baseline),
        }

    original_create_patch_baseline = SimpleSystemManagerResponse.create_patch_baseline

    def create_patch_baseline(self: Any) -> ActionResult:
        result = original_create_patch_baseline(self)
        _dates(_baseline(self, result.result["BaselineId"]))
        return result

    def get_patch_baseline(self: Any) -> ActionResult:
        return ActionResult(_baseline_view(self, _baseline(self, self._get_param("BaselineId"))))

    def update_patch_baseline(self: Any) -> ActionResult:
        baseline = _baseline(self, self._get_param("BaselineId"))
        replace = bool(self._get_param("Replace", False))
        fields = {
            "Name": "name",
            "GlobalFilters": "global_filters",
            "ApprovalRules": "approval_rules",
            "ApprovedPatches": "approved_patches",
            "ApprovedPatchesComplianceLevel": "approved_patches_compliance_level",
            "ApprovedPatchesEnableNonSecurity": "approved_patches_enable_non_security",
            "RejectedPatches": "rejected_patches",
            "RejectedPatchesAction": "rejected_patches_action",
            "Description": "description",
            "Sources": "sources",
        }
        for param, attr in fields.items():
            value = self._get_param(param)
            # With Replace, a field left out of the request is reset; without it, it is kept.
            if value is not None or (replace and param != "Name"):
                setattr(baseline, attr, value)
        _dates(baseline)["ModifiedDate"] = _now()
        view = _baseline_view(self, baseline)
        view.pop("PatchGroups")
        return ActionResult(view)

    def describe_patch_groups(self: Any) -> ActionResult:
        backend = self.ssm_backend
        mappings = []
        for name in sorted(backend.patch_groups):
            for baseline_id in backend.patch_groups[name].associations.values():
                baseline = backend.baselines.get(baseline_id)
                if baseline is None:
                    continue  # an AWS default baseline moto does not model as an object
                mappings.append(
                    {
                        "PatchGroup": name,
                        "BaselineIdentity": {
                            "BaselineId": baseline.id,
                            "BaselineName": baseline.name,
                            "OperatingSystem": baseline.operating_system,
                            "BaselineDescription": baseline.description,
                            "DefaultBaseline": bool(baseline.default_baseline),
                        },
                    }
                )
        return ActionResult({"Mappings": _apply_patch_group_filters(mappings, self._get_param("Filters") or [])})

    def _window_item(self: Any, kind: str, id_param: str) -> tuple[Any, Any]:
        window = self.ssm_backend.get_maintenance_window(self._get_param("WindowId"))
        items = getattr(window, kind)
        item_id = self._get_param(id_param)
        if item_id not in items:
            raise ServiceException("DoesNotExistException", f"Maintenance window {kind[:-1]} {item_id} does not exist")
        return window, items[item_id]

    def _target_view(target: Any) -> dict[str, Any]:
        # moto's to_json blanks OwnerInformation; the real API returns what was registered.
        return {**target.to_json(), "OwnerInformation": target.owner_information}

    def describe_maintenance_window_targets(self: Any) -> ActionResult:
        """moto returns nothing as soon as any filter is given; the provider reads a target by WindowTargetId."""
        window = self.ssm_backend.get_maintenance_window(self._get_param("WindowId"))
        fields = {"WindowTargetId": "WindowTargetId", "Type": "ResourceType", "OwnerInformation": "OwnerInformation"}
        filters = self._get_param("Filters") or []
        targets = [_target_view(t) for t in window.targets.values()]
        return ActionResult({"Targets": [t for t in targets if _matches(t, filters, fields)]})

    def describe_maintenance_window_tasks(self: Any) -> ActionResult:
        window = self.ssm_backend.get_maintenance_window(self._get_param("WindowId"))
        fields = {"WindowTaskId": "WindowTaskId", "TaskArn": "TaskArn", "Priority": "Priority", "TaskType": "TaskType"}
        filters = self._get_param("Filters") or []
        tasks = [t.to_json() for t in window.tasks.values()]
        return ActionResult({"Tasks": [t for t in tasks if _matches(t, filters, fields)]})

    def get_maintenance_window_task(self: Any) -> ActionResult:
        _, task = _window_item(self, "tasks", "WindowTaskId")
        view = task.to_json()
        view["CutoffBehavior"] = task.cutoff_behavior
        view["AlarmConfiguration"] = task.alarm_configurations
        return ActionResult(view)

    def update_maintenance_window_target(self: Any) -> ActionResult:
        _, target = _window_item(self, "targets", "WindowTargetId")
        replace = bool(self._get_param("Replace", False))
        for param, attr in {"Targets": "targets", "OwnerInformation": "owner_information", "Name": "name", "Description": "description"}.items():
            value = self._get_param(param)
            if value is not None or replace:
                setattr(target, attr, value)
        return ActionResult(_target_view(target))

    def update_maintenance_window_task(self: Any) -> ActionResult:
        _, task = _window_item(self, "tasks", "WindowTaskId")
        replace = bool(self._get_param("Replace", False))
        fields = {
            "Targets": "targets",
            "TaskArn": "task_arn",
            "ServiceRoleArn": "service_role_arn",
            "TaskParameters": "task_parameters",
            "TaskInvocationParameters": "task_invocation_parameters",
            "Priority": "priority",
            "MaxConcurrency": "max_concurrency",
            "MaxErrors": "max_errors",
            "LoggingInfo": "logging_info",
            "Name": "name",
            "Description": "description",
            "CutoffBehavior": "cutoff_behavior",
            "AlarmConfiguration": "alarm_configurations",
        }
        for param, attr in fields.items():
            value = self._get_param(param)
            if value is not None or (replace and param != "TaskArn"):
                setattr(task, attr, value)
        view = task.to_json()
        view.pop("TaskType", None)
        view["CutoffBehavior"] = task.cutoff_behavior
        view["AlarmConfiguration"] = task.alarm_configurations
        return ActionResult(view)

    SimpleSystemManagerResponse.create_patch_baseline = create_patch_baseline
    SimpleSystemManagerResponse.get_patch_baseline = get_patch_baseline
    SimpleSystemManagerResponse.update_patch_baseline = update_patch_baseline
    SimpleSystemManagerResponse.describe_patch_groups = describe_patch_groups
    SimpleSystemManagerResponse.describe_maintenance_window_targets = describe_maintenance_window_targets
    SimpleSystemManagerResponse.describe_maintenance_window_tasks = describe_maintenance_window_tasks
    SimpleSystemManagerResponse.get_maintenance_window_task = get_maintenance_window_task
    SimpleSystemManagerResponse.update_maintenance_window_target = update_maintenance_window_target
    SimpleSystemManagerResponse.update_maintenance_window_task = update_maintenance_window_task


def _matches(item: dict[str, Any], filters: list[dict[str, Any]], fields: dict[str, str]) -> bool:
    """SSM's {Key, Values} filters: every filter must match one of its values (Values are strings)."""
    for f in filters:
        key = f.get("Key")
        if key not in fields:
            raise ServiceException("ValidationException", f"Invalid filter key {key}")
        if str(item.get(fields[key])) not in [str(v) for v in f.get("Values") or []]:
            return False
    return True


def _apply_patch_group_filters(mappings: list[dict[str, Any]], filters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def value(m: dict[str, Any], key: str) -> str:
        return m["PatchGroup"] if key == "NAME_PREFIX" else m["BaselineIdentity"]["OperatingSystem"]

    for f in filters:
        key = f.get("Key")
        if key not in ("NAME_PREFIX", "OPERATING_SYSTEM"):
            raise ServiceException("ValidationException", f"Invalid filter key {key}")
        values = f.get("Values") or []
        if key == "NAME_PREFIX":
            mappings = [m for m in mappings if any(value(m, key).startswith(v) for v in values)]
        else:
            mappings = [m for m in mappings if value(m, key) in values]
    return mappings


# --- ECS -----------------------------------------------------------------------------------------

# CreateService settings moto accepts but drops, so the provider's read after create reports them
# unset and the next plan shows a diff. Stored as given; UpdateService already sets any attribute.
_ECS_SERVICE_SETTINGS_KEPT = (
    "availabilityZoneRebalancing",
    "capacityProviderStrategy",
    "deploymentConfiguration",
    "enableECSManagedTags",
    "enableExecuteCommand",
    "healthCheckGracePeriodSeconds",
    "placementConstraints",
    "placementStrategy",
)


def _extend_ecs() -> None:
    from botocore import xform_name
    from moto.ecs.responses import EC2ContainerServiceResponse

    original_create_service = EC2ContainerServiceResponse.create_service

    def create_service(self: Any) -> ActionResult:
        result = original_create_service(self)
        service = result.result["service"]
        for key in _ECS_SERVICE_SETTINGS_KEPT:
            value = self._get_param(key)
            if value is not None:
                setattr(service, xform_name(key), value)
        if self._get_param("availabilityZoneRebalancing") is None:
            # ECS turns rebalancing on for a service created without the setting, and reports it
            service.availability_zone_rebalancing = "ENABLED"
        if service.deployment_controller.get("type") == "ECS" and getattr(service, "deployment_configuration", None) is None:
            # What ECS reports for a service created without a deployment configuration.
            service.deployment_configuration = {
                "deploymentCircuitBreaker": {"enable": False, "rollback": False},
                "maximumPercent": 200,
                "minimumHealthyPercent": 100,
            }
        return result

    original_update_service = EC2ContainerServiceResponse.update_service

    def update_service(self: Any) -> ActionResult:
        """UpdateService keeps what a deploymentConfiguration leaves out, as ECS does: the provider
        sends only the parts that changed (a circuit breaker turned on), and moto replaced the whole
        configuration with them, so the service read back 0 % maximum and minimum healthy."""
        sent = self._get_param("deploymentConfiguration")
        cluster = self._get_param("cluster", "default")
        before = getattr(self.ecs_backend._get_service(cluster, self._get_param("service").split("/")[-1]), "deployment_configuration", None)
        result = original_update_service(self)
        if isinstance(sent, dict) and isinstance(before, dict):
            result.result["service"].deployment_configuration = {**before, **sent}
        return result

    EC2ContainerServiceResponse.create_service = create_service
    EC2ContainerServiceResponse.update_service = update_service


# --- Security group rules -------------------------------------------------------------------------


def _extend_security_group_rules() -> None:
    from moto.ec2.models.security_groups import SecurityGroupRule

    def description(rule: Any) -> str | None:
        """moto reports a rule's description only for CIDR rules; a rule referencing another
        security group (or a prefix list) keeps it with the group pair."""
        return (rule.ip_range or {}).get("Description") or (rule.source_group or {}).get("Description")

    SecurityGroupRule.description = property(description)


# --- IAM ------------------------------------------------------------------------------------------


def _extend_iam() -> None:
    from moto.core.serialize import url_encode
    from moto.iam.models import ManagedPolicy
    from moto.iam.responses import IamResponse

    # GetAccountAuthorizationDetails serializes a ManagedPolicyDetail from moto's policy object, whose
    # name and ID are `name` and `id`: the shape's PolicyName and PolicyId found nothing and were left out.
    ManagedPolicy.policy_name = property(lambda policy: policy.name)
    ManagedPolicy.policy_id = property(lambda policy: policy.id)
    # IAM URL-encodes every policy document it returns; moto encoded the role's trust policy only in
    # GetRole and CreateRole, so here it came back as plain JSON.
    IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER[
        "GetAccountAuthorizationDetailsResponse.RoleDetailList.RoleDetail.AssumeRolePolicyDocument"
    ] = url_encode


# --- KMS ------------------------------------------------------------------------------------------


def _extend_kms() -> None:
    from moto.kms.responses import KmsResponse

    original_enable = KmsResponse.enable_key_rotation
    original_status = KmsResponse.get_key_rotation_status

    def enable_key_rotation(self: Any) -> str:
        """moto drops RotationPeriodInDays; the provider reads it back (365 unless set)."""
        body = original_enable(self)
        key = self.kms_backend.describe_key(self._get_param("KeyId"))
        key.launcher_rotation_period_in_days = int(self._get_param("RotationPeriodInDays") or 365)
        return body

    def get_key_rotation_status(self: Any) -> str:
        status = json.loads(original_status(self))
        key = self.kms_backend.describe_key(self._get_param("KeyId"))
        status["KeyId"] = key.id
        if status.get("KeyRotationEnabled"):
            status["RotationPeriodInDays"] = getattr(key, "launcher_rotation_period_in_days", 365)
        return json.dumps(status)

    KmsResponse.enable_key_rotation = enable_key_rotation
    KmsResponse.get_key_rotation_status = get_key_rotation_status


# --- EFS ------------------------------------------------------------------------------------------


def _extend_efs() -> None:
    from moto.efs.exceptions import BadRequest, FileSystemNotFound
    from moto.efs.responses import EFSResponse

    original_describe = EFSResponse.describe_backup_policy

    def put_backup_policy(self: Any) -> Any:
        """moto only reads the policy that CreateFileSystem's Backup flag set; aws_efs_backup_policy puts it."""
        file_system_id = self._get_param("FileSystemId")
        status = (self._get_param("BackupPolicy") or {}).get("Status")
        if status not in ("ENABLED", "DISABLED"):
            raise BadRequest(f"BackupPolicy.Status must be ENABLED or DISABLED, found {status!r}")
        file_system = self.efs_backend.file_systems_by_id.get(file_system_id)
        if file_system is None:
            raise FileSystemNotFound(file_system_id)
        # EFS passes through ENABLING/DISABLING; the emulator settles at once.
        file_system._backup = status == "ENABLED"
        file_system.launcher_backup_status = status
        return json.dumps({"BackupPolicy": {"Status": status}}), {"Content-Type": "application/json"}

    def describe_backup_policy(self: Any) -> Any:
        """A policy put DISABLED reads back DISABLED (as in EFS), not as missing."""
        file_system = self.efs_backend.file_systems_by_id.get(self._get_param("FileSystemId"))
        status = getattr(file_system, "launcher_backup_status", None)
        if status is not None:
            return json.dumps({"BackupPolicy": {"Status": status}}), {"Content-Type": "application/json"}
        return original_describe(self)

    original_describe_policy = EFSResponse.describe_file_system_policy

    def describe_file_system_policy(self: Any) -> Any:
        """A file system that is gone answers FileSystemNotFound (moto failed with a KeyError), so a refresh drops it."""
        file_system_id = self._get_param("FileSystemId")
        if file_system_id not in self.efs_backend.file_systems_by_id:
            raise FileSystemNotFound(file_system_id)
        return original_describe_policy(self)

    def delete_file_system_policy(self: Any) -> Any:
        """Destroying aws_efs_file_system_policy calls it; moto had no handler."""
        file_system_id = self._get_param("FileSystemId")
        file_system = self.efs_backend.file_systems_by_id.get(file_system_id)
        if file_system is None:
            raise FileSystemNotFound(file_system_id)
        file_system.file_system_policy = None
        return "{}", {"Content-Type": "application/json"}

    EFSResponse.put_backup_policy = put_backup_policy
    EFSResponse.describe_backup_policy = describe_backup_policy
    EFSResponse.describe_file_system_policy = describe_file_system_policy
    EFSResponse.delete_file_system_policy = delete_file_system_policy


# --- CloudWatch Logs ------------------------------------------------------------------------------


def _admits_sender(access_policy: str | None, sender_account: str) -> bool:
    """Whether a destination's access policy lets an account subscribe: its ID (or an ARN in it) or `*` as an
    allowed AWS principal of logs:PutSubscriptionFilter. Conditions (aws:PrincipalOrgID) are not evaluated."""
    if not access_policy:
        return False
    statements = json.loads(access_policy).get("Statement", [])
    for statement in statements if isinstance(statements, list) else [statements]:
        actions = statement.get("Action", [])
        actions = actions if isinstance(actions, list) else [actions]
        if statement.get("Effect") != "Allow" or not any(a in ("logs:PutSubscriptionFilter", "logs:*", "*") for a in actions):
            continue
        principal = statement.get("Principal", {})
        principals = principal if isinstance(principal, str) else principal.get("AWS", [])
        principals = principals if isinstance(principals, list) else [principals]
        if any(p == "*" or p == sender_account or f":{sender_account}:" in p for p in principals):
            return True
    return False


def _serve_other_accounts() -> None:
    """moto lets MOTO_ACCOUNT_ID (the emulator's own account) win over the x-moto-account-id header, so
    nothing could act in a second account, such as the operations account of a cross-account log
    destination. A request that names an account in the header is now served in it; all others stay
    in the emulator's account."""
    from moto.core.responses import BaseResponse

    original = BaseResponse.get_current_account

    def get_current_account(self: Any) -> str:
        account = self.headers.get("x-moto-account-id") if self.headers is not None else None
        return account if account and re.fullmatch(r"\d{12}", account) else original(self)

    BaseResponse.get_current_account = get_current_account


def _extend_logs() -> None:
    from moto.logs.exceptions import InvalidParameterException, ResourceNotFoundException
    from moto.logs.models import LogsBackend, logs_backends
    from moto.utilities.arns import parse_arn

    original_put = LogsBackend.put_subscription_filter

    def put_subscription_filter(
        self: Any, log_group_name: str, filter_name: str, filter_pattern: str, destination_arn: str, role_arn: str
    ) -> None:
        """moto read a destination ARN as a log group's and failed; a CloudWatch Logs destination (the
        cross-account kind) is now accepted when it exists in the log group's region and, for another
        account, its access policy admits this one, as CloudWatch Logs checks."""
        arn = parse_arn(destination_arn)
        if arn.service != "logs" or arn.resource_type != "destination":
            return original_put(self, log_group_name, filter_name, filter_pattern, destination_arn, role_arn)
        log_group = self.groups.get(log_group_name)
        if not log_group:
            raise ResourceNotFoundException()
        if arn.region != self.region_name:
            raise InvalidParameterException(f"The destination {destination_arn} is not in the log group's region {self.region_name}")
        destination = logs_backends[arn.account][arn.region].destinations.get(destination_arn)
        if destination is None:
            raise ResourceNotFoundException("The specified destination does not exist.")
        if arn.account != self.account_id and not _admits_sender(destination.access_policy, self.account_id):
            raise ServiceException(
                "AccessDeniedException",
                f"User with accountId: {self.account_id} is not authorized to perform: logs:PutSubscriptionFilter on resource: {destination_arn}",
            )
        log_group.put_subscription_filter(filter_name, filter_pattern, destination_arn, role_arn)

    LogsBackend.put_subscription_filter = put_subscription_filter


# --- Defaults AWS fills in for resources created without them ------------------------------------
# Resources made through the API without an optional setting read back with AWS's default; moto stored
# None (or the key as named) and reported that, so an importer's plan saw a change - a replacement, for
# all three.


def _extend_api_defaults() -> None:
    from moto.ec2.models.elastic_block_store import EBSBackend
    from moto.ec2.models.nat_gateways import NatGatewayBackend
    from moto.kms.models import KmsBackend
    from moto.rds.models import RDSBackend

    original_create_key = KmsBackend.create_key
    original_create_nat_gateway = NatGatewayBackend.create_nat_gateway

    def create_key(self: Any, policy: Any, key_usage: Any, *args: Any, **kwargs: Any) -> Any:
        """KMS: KeyUsage defaults to ENCRYPT_DECRYPT (DescribeKey always reports it)."""
        return original_create_key(self, policy, key_usage or "ENCRYPT_DECRYPT", *args, **kwargs)

    def create_nat_gateway(self: Any, subnet_id: Any, allocation_id: Any = None, tags: Any = None, connectivity_type: Any = None) -> Any:
        """EC2: ConnectivityType defaults to public (DescribeNatGateways always reports it)."""
        return original_create_nat_gateway(self, subnet_id, allocation_id, tags, connectivity_type or "public")

    original_create_volume = EBSBackend.create_volume

    def create_volume(self: Any, *args: Any, **kwargs: Any) -> Any:
        """EC2: a volume encrypted with a key named by ID or alias reports the key's ARN, and a gp3
        volume created without Throughput reports the baseline 125 MiB/s, as EC2 does."""
        volume = original_create_volume(self, *args, **kwargs)
        volume.kms_key_id = _kms_key_arn(self.account_id, self.region_name, volume.kms_key_id)
        if volume.volume_type == "gp3" and not volume.throughput:
            volume.throughput = GP3_BASELINE_THROUGHPUT
        return volume

    from moto.elbv2.models import FakeLoadBalancer

    original_lb_init = FakeLoadBalancer.__init__

    def lb_init(self: Any, *args: Any, **kwargs: Any) -> None:
        """ELBv2: an application load balancer reports every attribute, with AWS's documented defaults
        for those never set; moto left them out, so an imported ALB read them as null."""
        original_lb_init(self, *args, **kwargs)
        if self.type == "application":
            for key, value in ALB_ATTRIBUTE_DEFAULTS.items():
                self.attrs.setdefault(key, value)

    FakeLoadBalancer.__init__ = lb_init

    original_create_db_instance = RDSBackend.create_db_instance

    def create_db_instance(self: Any, db_kwargs: dict[str, Any]) -> Any:
        """RDS: an instance encrypted with a key named by ID or alias reports the key's ARN, as RDS does."""
        database = original_create_db_instance(self, db_kwargs)
        database.kms_key_id = _kms_key_arn(self.account_id, self.region_name, database.kms_key_id)
        return database

    KmsBackend.create_key = create_key
    NatGatewayBackend.create_nat_gateway = create_nat_gateway
    EBSBackend.create_volume = create_volume
    RDSBackend.create_db_instance = create_db_instance


# EC2 gives a gp3 volume created without Throughput its baseline (MiB/s) and reports it.
GP3_BASELINE_THROUGHPUT = 125

# DescribeLoadBalancerAttributes of a new application load balancer in AWS (documented defaults).
ALB_ATTRIBUTE_DEFAULTS = {
    "client_keep_alive.seconds": "3600",
    "connection_logs.s3.enabled": "false",
    "connection_logs.s3.bucket": "",
    "idle_timeout.timeout_seconds": "60",
    "routing.http.desync_mitigation_mode": "defensive",
    "routing.http.drop_invalid_header_fields.enabled": "false",
    "routing.http.preserve_host_header.enabled": "false",
    "routing.http.x_amzn_tls_version_and_cipher_suite.enabled": "false",
    "routing.http.xff_client_port.enabled": "false",
    "routing.http.xff_header_processing.mode": "append",
    "routing.http2.enabled": "true",
    "waf.fail_open.enabled": "false",
    "zonal_shift.config.enabled": "false",
}


def _kms_key_arn(account_id: str, region: str, key_id: str | None) -> str | None:
    """The ARN of a KMS key named by ID, alias or ARN; anything moto does not know stays as given."""
    if not key_id or key_id.startswith("arn:"):
        return key_id
    from moto.kms.models import kms_backends

    try:
        return str(kms_backends[account_id][region].describe_key(key_id).arn)
    except Exception:  # noqa: BLE001 - moto's placeholder keys ("default_kms_key_id") are not real keys
        return key_id


# --- RDS ------------------------------------------------------------------------------------------


# The CA RDS gives a new DB instance when the request names none (the default since January 2024).
# moto still answers "rds-ca-default", a name RDS never used for an instance's CA.
RDS_DEFAULT_CA = "rds-ca-rsa2048-g1"


def _extend_rds() -> None:
    from moto.rds.responses import RDSResponse

    original_create = RDSResponse.create_db_instance
    original_modify = RDSResponse.modify_db_instance
    original_describe_parameters = RDSResponse.describe_db_parameters

    def _performance_insights(self: Any, database: Any, creating: bool) -> None:
        """moto ignores Performance Insights; RDS reports it enabled, with its key and retention (7 days by default)."""
        enabled = self.params.get("EnablePerformanceInsights")
        if enabled is None and not creating:
            enabled = getattr(database, "performance_insights_enabled", False)
        database.performance_insights_enabled = bool(enabled)
        if database.performance_insights_enabled:
            kms_key = self.params.get("PerformanceInsightsKMSKeyId") or getattr(database, "performance_insights_kms_key_id", None)
            retention = self.params.get("PerformanceInsightsRetentionPeriod") or getattr(database, "performance_insights_retention_period", None) or 7
            database.performance_insights_kms_key_id = kms_key
            database.performance_insights_retention_period = int(retention)
        else:
            database.performance_insights_kms_key_id = None
            database.performance_insights_retention_period = None

    def create_db_instance(self: Any) -> ActionResult:
        result = original_create(self)
        database = result.result["DBInstance"]
        _performance_insights(self, database, creating=True)
        if not self.params.get("CACertificateIdentifier"):
            database.ca_certificate_identifier = RDS_DEFAULT_CA
        return result

    def modify_db_instance(self: Any) -> ActionResult:
        result = original_modify(self)
        _performance_insights(self, result.result["DBInstance"], creating=False)
        return result

    def describe_db_parameters(self: Any) -> ActionResult:
        """moto keeps only the parameters set on the group, without their Source. Those are the
        user parameters; engine defaults and system parameters are not modelled."""
        source = self.params.get("Source")
        result = original_describe_parameters(self)
        if source not in (None, "user"):
            return ActionResult({"Parameters": []})
        return ActionResult({"Parameters": [{**p, "Source": "user"} for p in result.result["Parameters"]]})

    from moto.rds.models import RDSBackend
    from moto.rds.exceptions import DBSubnetGroupNotFoundError

    def modify_db_subnet_group(self: Any, subnet_name: str, description: str, subnets: list[Any]) -> Any:
        """moto took the group out of the backend to modify it and never put it back, so every
        read after ModifyDBSubnetGroup (a description or tag change on apply) found no group."""
        subnet_group = self.subnet_groups.get(subnet_name)
        if subnet_group is None:
            raise DBSubnetGroupNotFoundError(subnet_name)
        if subnets:
            subnet_group.subnets = subnets
        if description is not None:
            subnet_group.description = description
        return subnet_group

    RDSBackend.modify_db_subnet_group = modify_db_subnet_group
    RDSResponse.create_db_instance = create_db_instance
    RDSResponse.modify_db_instance = modify_db_instance
    RDSResponse.describe_db_parameters = describe_db_parameters

    from moto.rds.models import DBInstance

    original_database_init = DBInstance.__init__

    def database_init(database: Any, *args: Any, **kwargs: Any) -> None:
        """moto gives every DB instance the same DbiResourceId. The provider (5.x) uses it as the
        resource ID and finds an instance with the dbi-resource-id filter, so a second DB instance in
        the same emulator made each lookup match two. RDS's IDs are db- and 26 upper-case letters/digits."""
        original_database_init(database, *args, **kwargs)
        database.dbi_resource_id = "db-" + "".join(random.choices(string.ascii_uppercase + string.digits, k=26))

    DBInstance.__init__ = database_init


# --- S3 server access logging ---------------------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    """IAM policy elements are a string or a list of strings."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _extend_s3_logging() -> None:
    from moto.s3.models import FakeBucket

    def _log_permissions_enabled_policy(target_bucket: Any, target_prefix: str | None) -> bool:
        """PutBucketLogging checks that the target bucket's policy lets logging.s3.amazonaws.com put
        objects there. moto's check read every statement as {"Principal": {"Service": ...}} and
        crashed (HTTP 500) on a policy that also holds a statement with "Principal": "*" (such as a
        TLS-only deny); single values and lists are now both read, as IAM allows. What counts as a
        grant is unchanged: an Allow of s3:PutObject to the logging service on the bucket, its
        objects or the log prefix."""
        if not target_bucket.policy:
            return False
        policy = json.loads(target_bucket.policy.decode() if isinstance(target_bucket.policy, bytes) else target_bucket.policy)
        bucket_arn = f"arn:{target_bucket.partition}:s3:::{target_bucket.name}"
        accepted = {f"{bucket_arn}/{target_prefix or ''}*", f"{bucket_arn}/*", bucket_arn}
        for stmt in _as_list(policy.get("Statement")):
            principal = stmt.get("Principal")
            services = _as_list(principal.get("Service")) if isinstance(principal, dict) else []
            if "logging.s3.amazonaws.com" not in services or stmt.get("Effect") != "Allow":
                continue
            if "s3:PutObject" not in _as_list(stmt.get("Action")):
                continue
            if any(resource in accepted for resource in _as_list(stmt.get("Resource"))):
                return True
        return False

    FakeBucket._log_permissions_enabled_policy = staticmethod(_log_permissions_enabled_policy)


# --- CloudTrail -----------------------------------------------------------------------------------


def _extend_cloudtrail() -> None:
    from moto.cloudtrail.models import Trail
    from moto.utilities.utils import get_partition

    def topic_arn(trail: Any) -> str | None:
        """CreateTrail's SnsTopicName takes a topic's name or its ARN. moto put an ARN inside another
        ARN, found no such topic and refused the trail (InsufficientSnsTopicPolicyException)."""
        name = trail.sns_topic_name
        if not name:
            return None
        if name.startswith("arn:"):
            return name
        return f"arn:{get_partition(trail.region_name)}:sns:{trail.region_name}:{trail.account_id}:{name}"

    original_description = Trail.description

    def description(trail: Any, include_region: bool = False) -> dict[str, Any]:
        """Like CloudTrail, report the topic's name in SnsTopicName, whichever form was given (the
        provider compares it with the configuration, so an ARN there shows as drift, as in AWS)."""
        desc = original_description(trail, include_region=include_region)
        if desc.get("SnsTopicName", "").startswith("arn:"):
            desc["SnsTopicName"] = desc["SnsTopicName"].split(":")[-1]
        return desc

    Trail.topic_arn = property(topic_arn)
    Trail.description = description


# --- GuardDuty ------------------------------------------------------------------------------------


def _extend_guardduty() -> None:
    from moto.guardduty.models import Detector

    original_update = Detector.update

    def update(detector: Any, enable: Any, finding_publishing_frequency: Any, data_sources: Any, features: Any) -> None:
        """UpdateDetector changes the features it names and keeps the others, as GuardDuty does; moto
        replaced the whole list, so each aws_guardduty_detector_feature wiped out the ones before it."""
        if features is not None:
            merged = {f.get("name"): f for f in detector.features}
            for feature in features:
                merged[feature.get("name")] = {**merged.get(feature.get("name"), {}), **feature}
            features = list(merged.values())
        original_update(detector, enable, finding_publishing_frequency, data_sources, features)

    Detector.update = update


# --- SSM State Manager associations ---------------------------------------------------------------

# What UpdateAssociation may set; like the real API it overwrites every one of them, given or not
# ("the system removes all optional parameters from the request and overwrites the association with
# null values for those parameters"), except the document name, which stays unless given.
_ASSOCIATION_FIELDS = (
    "DocumentVersion",
    "Parameters",
    "Targets",
    "ScheduleExpression",
    "OutputLocation",
    "AssociationName",
    "AutomationTargetParameterName",
    "MaxErrors",
    "MaxConcurrency",
    "ComplianceSeverity",
    "SyncCompliance",
    "ApplyOnlyAtCronInterval",
    "CalendarNames",
    "TargetLocations",
    "ScheduleOffset",
    "Duration",
    "TargetMaps",
    "AlarmConfiguration",
)


def _extend_ssm_associations() -> None:
    """moto 5.2.5 has no State Manager associations (CreateAssociation raised NotImplementedError).
    Associations are kept in moto's SSM backend; nothing runs them, so they stay Pending, as a new
    association does until SSM first applies it. Document names are not checked: moto has none of
    the AWS-owned documents (AWS-RunPatchBaseline, AWS-ConfigureAWSPackage, ...)."""
    from moto.ssm.models import SimpleSystemManagerBackend
    from moto.ssm.responses import SimpleSystemManagerResponse

    def _associations(backend: Any) -> dict[str, dict[str, Any]]:
        return _state(backend, "launcher_associations", dict)

    previous_validate = SimpleSystemManagerBackend._validate_resource_type_and_id

    def _validate_resource_type_and_id(backend: Any, resource_type: str, resource_id: str) -> str:
        """Associations can be tagged (the provider tags them through ListTagsForResource/AddTagsToResource)."""
        if resource_type == "Association":
            if resource_id not in _associations(backend):
                raise ServiceException("InvalidResourceId", "Invalid Resource Id")
            return resource_id
        return previous_validate(backend, resource_type, resource_id)

    SimpleSystemManagerBackend._validate_resource_type_and_id = _validate_resource_type_and_id

    def _find(self: Any) -> dict[str, Any]:
        associations = _associations(self.ssm_backend)
        association_id = self._get_param("AssociationId")
        if association_id:
            found = associations.get(association_id)
        else:
            name, instance_id = self._get_param("Name"), self._get_param("InstanceId")
            found = next((a for a in associations.values() if a["Name"] == name and a.get("InstanceId") == instance_id), None)
        if found is None:
            raise ServiceException("AssociationDoesNotExist", "The specified association does not exist.")
        return found

    def _description(association: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in association.items() if v is not None}

    def create_association(self: Any) -> ActionResult:
        name = self._get_param("Name")
        if not name:
            raise ServiceException("ValidationException", "Name is required")
        if not self._get_param("InstanceId") and not self._get_param("Targets"):
            raise ServiceException("InvalidTarget", "Either InstanceId or Targets must be specified")
        now = _now()
        association: dict[str, Any] = {
            "Name": name,
            "InstanceId": self._get_param("InstanceId"),
            "AssociationId": str(uuid.uuid4()),
            "AssociationVersion": "1",
            "Date": now,
            "LastUpdateAssociationDate": now,
            "Status": {"Date": now, "Name": "Pending", "Message": "Associated with " + name},
            "Overview": {"Status": "Pending", "DetailedStatus": "Creating", "AssociationStatusAggregatedCount": {}},
            "DocumentVersion": "$DEFAULT",
            "ApplyOnlyAtCronInterval": False,
        }
        for field in _ASSOCIATION_FIELDS:
            value = self._get_param(field)
            if value is not None:
                association[field] = value
        _associations(self.ssm_backend)[association["AssociationId"]] = association
        tags = {t["Key"]: t["Value"] for t in self._get_param("Tags") or []}
        if tags:
            self.ssm_backend.add_tags_to_resource("Association", association["AssociationId"], tags)
        return ActionResult({"AssociationDescription": _description(association)})

    def describe_association(self: Any) -> ActionResult:
        return ActionResult({"AssociationDescription": _description(_find(self))})

    def update_association(self: Any) -> ActionResult:
        association = _find(self)
        for field in _ASSOCIATION_FIELDS:
            association[field] = self._get_param(field)
        association["DocumentVersion"] = association["DocumentVersion"] or "$DEFAULT"
        association["ApplyOnlyAtCronInterval"] = bool(association["ApplyOnlyAtCronInterval"])
        if self._get_param("Name"):
            association["Name"] = self._get_param("Name")
        association["AssociationVersion"] = str(int(association["AssociationVersion"]) + 1)
        association["LastUpdateAssociationDate"] = _now()
        return ActionResult({"AssociationDescription": _description(association)})

    def delete_association(self: Any) -> ActionResult:
        association = _find(self)
        del _associations(self.ssm_backend)[association["AssociationId"]]
        self.ssm_backend._resource_tags["Association"].pop(association["AssociationId"], None)
        return EmptyResult()

    def list_associations(self: Any) -> ActionResult:
        keys = {"Name": "Name", "InstanceId": "InstanceId", "AssociationId": "AssociationId", "AssociationName": "AssociationName"}
        filters = self._get_param("AssociationFilterList") or []
        for f in filters:
            if f.get("key") not in keys:
                raise ServiceException("ValidationException", f"Unsupported association filter key {f.get('key')}")
        listed = [
            a
            for a in _associations(self.ssm_backend).values()
            if all(str(a.get(keys[f["key"]])) == f.get("value") for f in filters)
        ]
        summary = ("Name", "InstanceId", "AssociationId", "AssociationVersion", "DocumentVersion", "Targets", "Overview", "ScheduleExpression", "AssociationName", "ScheduleOffset", "Duration", "TargetMaps")
        return ActionResult({"Associations": [{k: a[k] for k in summary if a.get(k) is not None} for a in listed]})

    SimpleSystemManagerResponse.create_association = create_association
    SimpleSystemManagerResponse.describe_association = describe_association
    SimpleSystemManagerResponse.update_association = update_association
    SimpleSystemManagerResponse.delete_association = delete_association
    SimpleSystemManagerResponse.list_associations = list_associations


def _serialize_launcher_errors() -> None:
    """moto's serializer looks up an exception's error model in the service of the package the
    exception class comes from, as well as the service answering; for a ServiceException raised here
    that package is moto.core, which is no service, and the lookup itself failed (HTTP 500 instead of
    the error the extension raised, e.g. AssociationDoesNotExist). Such exceptions are now looked up
    in the answering service's model only."""
    from botocore.exceptions import UnknownServiceError
    from moto.core import errors

    original = errors.get_exception_service_model

    def get_exception_service_model(exception: Exception) -> Any:
        try:
            return original(exception)
        except UnknownServiceError:
            return None

    errors.get_exception_service_model = get_exception_service_model


def _extend_acm() -> None:
    from moto.acm.models import CertBundle
    from moto.acm.responses import AWSCertificateManagerResponse

    original_request = AWSCertificateManagerResponse.request_certificate
    original_describe = CertBundle.describe

    def request_certificate(self: Any) -> ActionResult:
        """ACM: the key algorithm a request names is the certificate's (moto made every key RSA 2048)."""
        result = original_request(self)
        algorithm = self._get_param("KeyAlgorithm")
        if algorithm:
            arn = result.result["CertificateArn"]  # type: ignore[index]
            self.acm_backend.get_certificate(arn).requested_key_algorithm = algorithm
        return result

    def describe(self: Any) -> dict[str, Any]:
        described = original_describe(self)
        algorithm = getattr(self, "requested_key_algorithm", None)
        if algorithm:
            described["Certificate"]["KeyAlgorithm"] = algorithm
        return described

    AWSCertificateManagerResponse.request_certificate = request_certificate
    CertBundle.describe = describe


# --- Amazon Managed Grafana ------------------------------------------------------------------------

# Grafana version a workspace gets when CreateWorkspace names none (the API: "defaults to the latest version").
GRAFANA_DEFAULT_VERSION = "10.4"

# WorkspaceDescription fields that CreateWorkspace and UpdateWorkspace set, by the request parameter that sets them.
GRAFANA_WORKSPACE_FIELDS = {
    "accountAccessType": "accountAccessType",
    "permissionType": "permissionType",
    "dataSources": "workspaceDataSources",
    "description": "workspaceDescription",
    "name": "workspaceName",
    "workspaceRoleArn": "workspaceRoleArn",
    "organizationRoleName": "organizationRoleName",
    "organizationalUnits": "workspaceOrganizationalUnits",
    "notificationDestinations": "workspaceNotificationDestinations",
    "stackSetName": "stackSetName",
    "vpcConfiguration": "vpcConfiguration",
    "networkAccessControl": "networkAccessControl",
}


def _extend_grafana() -> None:
    """moto 5.2.5 has no Grafana backend at all. This one keeps workspaces (with their configuration
    and tags) in a backend registered with moto like its own services, so `POST /moto-api/reset`
    clears it, and answers through moto's serializer from botocore's grafana model. A workspace is
    CREATING in the CreateWorkspace answer and ACTIVE from the first DescribeWorkspace on (the service
    takes minutes; the emulator settles at once), UPDATING likewise after an update, and gone after
    DeleteWorkspace. Nothing serves Grafana itself: the endpoint is a name only."""
    import types

    from moto import backend_index
    from moto.core.base_backend import BackendDict, BaseBackend
    from moto.core.responses import BaseResponse

    class GrafanaBackend(BaseBackend):
        def __init__(self, region_name: str, account_id: str):
            super().__init__(region_name, account_id)
            self.workspaces: dict[str, dict[str, Any]] = {}
            self.configurations: dict[str, dict[str, Any]] = {}

        @property
        def _url_module(self) -> Any:
            return urls

        def arn(self, workspace_id: str) -> str:
            return f"arn:{self.partition}:grafana:{self.region_name}:{self.account_id}:/workspaces/{workspace_id}"

        def workspace(self, workspace_id: str) -> dict[str, Any]:
            found = self.workspaces.get(workspace_id)
            if found is None:
                raise ServiceException("ResourceNotFoundException", f"Workspace {workspace_id} not found.")
            return found

        def workspace_by_arn(self, arn: str) -> dict[str, Any]:
            prefix = self.arn("")
            if not arn.startswith(prefix):
                raise ServiceException("ResourceNotFoundException", f"Resource {arn} not found.")
            return self.workspace(arn[len(prefix):])

        def check_vpc_configuration(self, vpc: dict[str, Any] | None) -> None:
            """Like the service, refuse subnets or security groups that do not exist, and subnets in one zone."""
            if not vpc:
                return
            from moto.ec2.models import ec2_backends

            ec2 = ec2_backends[self.account_id][self.region_name]
            try:
                subnets = [ec2.get_subnet(s) for s in vpc.get("subnetIds") or []]
                ec2.describe_security_groups(group_ids=vpc.get("securityGroupIds") or [])
            except Exception as err:  # noqa: BLE001 - moto's InvalidSubnetID/InvalidGroup, reported as the service does
                raise ServiceException("ValidationException", f"Invalid VPC configuration: {err}") from err
            if len({s.availability_zone for s in subnets}) < 2:
                raise ServiceException("ValidationException", "The VPC configuration needs subnets in at least two Availability Zones.")

    class GrafanaResponse(BaseResponse):
        def __init__(self) -> None:
            super().__init__(service_name="grafana")
            self.automated_parameter_parsing = True

        @property
        def backend(self) -> GrafanaBackend:
            return grafana_backends[self.current_account][self.region]

        def _set_given(self, workspace: dict[str, Any]) -> None:
            """Create and update set what the request names and keep the rest."""
            for field, param in GRAFANA_WORKSPACE_FIELDS.items():
                value = self._get_param(param)
                if value is not None:
                    workspace[field] = value

        def _view(self, workspace: dict[str, Any], status: str | None = None) -> dict[str, Any]:
            return {**workspace, "status": status or workspace["status"], "tags": dict(workspace["tags"])}

        def create_workspace(self) -> ActionResult:
            backend = self.backend
            for required in ("accountAccessType", "authenticationProviders", "permissionType"):
                if not self._get_param(required):
                    raise ServiceException("ValidationException", f"{required} is required")
            backend.check_vpc_configuration(self._get_param("vpcConfiguration"))
            workspace_id = "g-" + "".join(random.choices("0123456789abcdef", k=10))
            providers = list(self._get_param("authenticationProviders"))
            now = _now()
            workspace: dict[str, Any] = {
                "id": workspace_id,
                "authentication": {
                    "providers": providers,
                    **({"samlConfigurationStatus": "NOT_CONFIGURED"} if "SAML" in providers else {}),
                },
                "created": now,
                "modified": now,
                "dataSources": [],
                "endpoint": f"{workspace_id}.grafana-workspace.{backend.region_name}.amazonaws.com",
                "grafanaVersion": self._get_param("grafanaVersion") or GRAFANA_DEFAULT_VERSION,
                "notificationDestinations": [],
                "organizationalUnits": [],
                "status": "ACTIVE",
                "tags": dict(self._get_param("tags") or {}),
            }
            self._set_given(workspace)
            backend.workspaces[workspace_id] = workspace
            # A workspace created without a configuration has an empty one.
            backend.configurations[workspace_id] = {"configuration": self._get_param("configuration") or "{}", "grafanaVersion": workspace["grafanaVersion"]}
            return ActionResult({"workspace": self._view(workspace, "CREATING")})

        def describe_workspace(self) -> ActionResult:
            return ActionResult({"workspace": self._view(self.backend.workspace(self._get_param("workspaceId")))})

        def update_workspace(self) -> ActionResult:
            """Changes what the request names; the remove* flags drop the VPC or network access configuration."""
            backend = self.backend
            workspace = backend.workspace(self._get_param("workspaceId"))
            backend.check_vpc_configuration(self._get_param("vpcConfiguration"))
            self._set_given(workspace)
            if self._get_param("removeVpcConfiguration"):
                workspace.pop("vpcConfiguration", None)
            if self._get_param("removeNetworkAccessConfiguration"):
                workspace.pop("networkAccessControl", None)
            workspace["modified"] = _now()
            return ActionResult({"workspace": self._view(workspace, "UPDATING")})

        def delete_workspace(self) -> ActionResult:
            backend = self.backend
            workspace = backend.workspace(self._get_param("workspaceId"))
            del backend.workspaces[workspace["id"]]
            backend.configurations.pop(workspace["id"], None)
            return ActionResult({"workspace": self._view(workspace, "DELETING")})

        def describe_workspace_configuration(self) -> ActionResult:
            workspace = self.backend.workspace(self._get_param("workspaceId"))
            return ActionResult(self.backend.configurations[workspace["id"]])

        def update_workspace_configuration(self) -> ActionResult:
            backend = self.backend
            workspace = backend.workspace(self._get_param("workspaceId"))
            configuration = self._get_param("configuration")
            try:
                json.loads(configuration)
            except (TypeError, ValueError) as err:
                raise ServiceException("ValidationException", f"configuration is not valid JSON: {err}") from err
            version = self._get_param("grafanaVersion")
            if version:
                workspace["grafanaVersion"] = version
            backend.configurations[workspace["id"]] = {"configuration": configuration, "grafanaVersion": workspace["grafanaVersion"]}
            workspace["modified"] = _now()
            return EmptyResult()

        def list_tags_for_resource(self) -> ActionResult:
            return ActionResult({"tags": dict(self.backend.workspace_by_arn(self._get_param("resourceArn"))["tags"])})

        def tag_resource(self) -> ActionResult:
            self.backend.workspace_by_arn(self._get_param("resourceArn"))["tags"].update(self._get_param("tags") or {})
            return EmptyResult()

        def untag_resource(self) -> ActionResult:
            tags = self.backend.workspace_by_arn(self._get_param("resourceArn"))["tags"]
            for key in self._get_param("tagKeys") or []:
                tags.pop(key, None)
            return EmptyResult()

    base = r"https?://grafana\.(.+)\.amazonaws\.com"
    urls = types.SimpleNamespace(
        url_bases=[base],
        url_paths={
            "{0}/workspaces$": GrafanaResponse.dispatch,
            "{0}/workspaces/(?P<workspaceId>[^/]+)$": GrafanaResponse.dispatch,
            "{0}/workspaces/(?P<workspaceId>[^/]+)/configuration$": GrafanaResponse.dispatch,
            "{0}/tags/(?P<resourceArn>.+)$": GrafanaResponse.dispatch,
        },
    )
    grafana_backends = BackendDict(GrafanaBackend, "grafana")
    # moto finds a service's backends by importing moto.<service> and its host by backend_index.
    module = types.ModuleType("moto.grafana")
    module.grafana_backends = grafana_backends  # type: ignore[attr-defined]
    sys.modules["moto.grafana"] = module
    backend_index.backend_url_patterns.append(("grafana", re.compile(base)))


# --- Firehose to Amazon OpenSearch Service --------------------------------------------------------

# What Firehose reports for the OpenSearch destination settings a request leaves out (DocumentIdOptions
# only when given: the provider reads a reported one as set, and the plan after apply removed it).
OPENSEARCH_DESTINATION_DEFAULTS: dict[str, Any] = {
    "IndexRotationPeriod": "OneDay",
    "BufferingHints": {"IntervalInSeconds": 300, "SizeInMBs": 5},
    "RetryOptions": {"DurationInSeconds": 300},
    "S3BackupMode": "FailedDocumentsOnly",
    "CloudWatchLoggingOptions": {"Enabled": False},
}
S3_DESTINATION_DEFAULTS: dict[str, Any] = {
    "BufferingHints": {"IntervalInSeconds": 300, "SizeInMBs": 5},
    "CompressionFormat": "UNCOMPRESSED",
    "EncryptionConfiguration": {"NoEncryptionConfig": "NoEncryption"},
    "CloudWatchLoggingOptions": {"Enabled": False},
}
# moto's name for the destination; DescribeDeliveryStream reports it as <name>DestinationDescription.
OPENSEARCH_DESTINATION = "Amazonopensearchservice"


def _extend_firehose() -> None:
    """moto's Firehose knows the Elasticsearch destination only ("Exactly one destination configuration
    is supported"). AmazonopensearchserviceDestinationConfiguration is now kept like moto keeps the
    others (on its delivery stream objects) and reported as AmazonopensearchserviceDestinationDescription,
    with Firehose's defaults for what the request left out and the VPC of the subnets it names. As
    Firehose does, the domain must exist, and UpdateDestination cannot switch to or from OpenSearch.
    A stream created with a KMS key reports its encryption ENABLED (moto echoed the input without a
    status, which the provider reads as encryption off). No records reach the domain: moto delivers none."""
    from moto.ec2.models import ec2_backends
    from moto.firehose.exceptions import InvalidArgumentException
    from moto.firehose.responses import FirehoseResponse
    from moto.opensearch.models import opensearch_backends

    def _vpc_description(account_id: str, region: str, vpc: dict[str, Any] | None) -> dict[str, Any] | None:
        if not vpc:
            return None
        ec2 = ec2_backends[account_id][region]
        try:
            vpc_ids = {ec2.get_subnet(s).vpc_id for s in vpc.get("SubnetIds") or []}
        except Exception as err:  # noqa: BLE001 - moto's InvalidSubnetID
            raise InvalidArgumentException(f"Invalid VpcConfiguration: {err}") from err
        if len(vpc_ids) != 1:
            raise InvalidArgumentException("The subnets of a VpcConfiguration must be in one VPC")
        return {**vpc, "VpcId": vpc_ids.pop()}

    def _check_domain(account_id: str, region: str, config: dict[str, Any]) -> None:
        domain_arn = config.get("DomainARN")
        if not domain_arn and not config.get("ClusterEndpoint"):
            raise InvalidArgumentException("Either DomainARN or ClusterEndpoint must be specified")
        if domain_arn:
            name = domain_arn.split("/")[-1]
            domain_account, domain_region = domain_arn.split(":")[4], domain_arn.split(":")[3]
            if name not in opensearch_backends[domain_account][domain_region].domains:
                raise InvalidArgumentException(f"Domain {domain_arn} is not found.")

    def _s3_description(s3: dict[str, Any]) -> dict[str, Any]:
        return {**S3_DESTINATION_DEFAULTS, **s3}

    original_create = FirehoseResponse.create_delivery_stream

    def create_delivery_stream(self: Any) -> ActionResult:
        config = self._get_param("AmazonopensearchserviceDestinationConfiguration")
        if config is None:
            result = original_create(self)
        else:
            others = [k for k, v in json.loads(self.body or "{}").items() if k.endswith("DestinationConfiguration") and v and k != "AmazonopensearchserviceDestinationConfiguration"]
            if others:
                raise InvalidArgumentException("Exactly one destination configuration is supported for a Firehose")
            backend = self.firehose_backend
            _check_domain(backend.account_id, self.region, config)
            description = {k: v for k, v in config.items() if k not in ("S3Configuration", "VpcConfiguration")}
            description["S3DestinationDescription"] = _s3_description(config["S3Configuration"])
            vpc = _vpc_description(backend.account_id, self.region, config.get("VpcConfiguration"))
            if vpc:
                description["VpcConfigurationDescription"] = vpc
            description = {**OPENSEARCH_DESTINATION_DEFAULTS, **description}
            # moto's own create validates the name, quota, source and tags; it is handed the configuration
            # as its Elasticsearch one, which is then renamed.
            arn = backend.create_delivery_stream(
                self.region,
                self._get_param("DeliveryStreamName"),
                self._get_param("DeliveryStreamType"),
                self._get_param("KinesisStreamSourceConfiguration"),
                self._get_param("DeliveryStreamEncryptionConfigurationInput"),
                None,
                None,
                None,
                description,
                None,
                None,
                None,
                None,
                self._get_param("Tags"),
            )
            stream = backend.delivery_streams[self._get_param("DeliveryStreamName")]
            destination = stream.destinations[0]
            destination[OPENSEARCH_DESTINATION] = destination.pop("Elasticsearch")
            result = ActionResult({"DeliveryStreamARN": arn})
        encryption = self._get_param("DeliveryStreamEncryptionConfigurationInput")
        if encryption:
            stream = self.firehose_backend.delivery_streams[self._get_param("DeliveryStreamName")]
            stream.delivery_stream_encryption_configuration = {**encryption, "Status": "ENABLED"}
        return result

    original_update = FirehoseResponse.update_destination

    def update_destination(self: Any) -> ActionResult:
        update = self._get_param("AmazonopensearchserviceDestinationUpdate")
        backend = self.firehose_backend
        name = self._get_param("DeliveryStreamName")
        stream = backend.delivery_streams.get(name)
        destination_id = self._get_param("DestinationId")
        current = next((d for d in stream.destinations if d["destination_id"] == destination_id), None) if stream else None
        if update is None:
            if current is not None and OPENSEARCH_DESTINATION in current:
                raise InvalidArgumentException("Changing the destination type to or from AmazonOpenSearchService is not supported at this time.")
            return original_update(self)
        if stream is None:
            raise ServiceException("ResourceNotFoundException", f"Firehose {name} under accountId {backend.account_id} not found.")
        if stream.version_id != self._get_param("CurrentDeliveryStreamVersionId"):
            raise ServiceException(
                "ConcurrentModificationException",
                f"Cannot update firehose: {name} since the current version id: {stream.version_id} and specified version id: {self._get_param('CurrentDeliveryStreamVersionId')} do not match",
            )
        if current is None:
            raise InvalidArgumentException(f"Destination Id {destination_id} not found")
        if OPENSEARCH_DESTINATION not in current:
            raise InvalidArgumentException("Changing the destination type to or from AmazonOpenSearchService is not supported at this time.")
        if update.get("DomainARN"):
            _check_domain(backend.account_id, self.region, update)
        description = current[OPENSEARCH_DESTINATION]
        for key, value in update.items():
            if key == "S3Update":
                description["S3DestinationDescription"] = {**description["S3DestinationDescription"], **value}
            else:
                description[key] = value
        stream.version_id = str(int(stream.version_id) + 1)
        stream.last_update_timestamp = _now()
        return EmptyResult()

    FirehoseResponse.create_delivery_stream = create_delivery_stream
    FirehoseResponse.update_destination = update_destination


def register_extensions() -> None:
    """Patches the missing actions into moto's response classes before the first request."""
    _serialize_launcher_errors()
    _extend_ecs()
    _extend_security_group_rules()
    _extend_iam()
    _extend_kms()
    _extend_efs()
    _extend_api_defaults()
    _extend_rds()
    _extend_ec2()
    _extend_application_autoscaling()
    _extend_backup()
    _extend_ssm()
    _extend_ssm_associations()
    _extend_guardduty()
    _extend_s3_logging()
    _extend_cloudtrail()
    _serve_other_accounts()
    _extend_logs()
    _extend_acm()
    _extend_grafana()
    _extend_firehose()


def serialized(app: Callable[..., Any]) -> Callable[..., Any]:
    """One request at a time through moto's backends, which have no locks of their own. Several
    Terraform processes with 10 parallel operations each hit one security group's rule list (and
    alike) at once; moto rebuilds such lists without a lock, so concurrent changes could be lost,
    which AWS's APIs never do. Connections are still accepted and answered by parallel threads; only
    the backend work (milliseconds per call) is serialized.

    A retry of a call that already succeeded gets the first answer again instead of running twice.
    On a loaded machine (two test files, several Terraform processes, two cores) the provider now
    and then fails to read an answer the emulator wrote in full, and its SDK retries: a create then
    failed with ParameterAlreadyExists or InvalidPermission.Duplicate, a delete with NotFound,
    though the call had happened once. The AWS SDKs give every attempt of one call the same
    amz-sdk-invocation-id and count attempts in amz-sdk-request, so a retry is known for what it is."""
    lock = threading.Lock()
    answered: OrderedDict[str, tuple[str, list[tuple[str, str]], bytes]] = OrderedDict()

    def handle(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID", "")
        retry = invocation and "attempt=1;" not in environ.get("HTTP_AMZ_SDK_REQUEST", "attempt=1;")
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        with lock:
            started = time.monotonic()
            replay = answered.get(invocation) if retry else None
            if replay:
                status, headers, body = replay
                note = "replayed: the first attempt succeeded"
            else:
                captured: list[Any] = []
                written: list[bytes] = []

                def capture(code: str, response_headers: list[tuple[str, str]], *rest: Any) -> Callable[[bytes], Any]:
                    captured[:] = [code, response_headers]
                    return written.append

                result = app(environ, capture)
                try:
                    body = b"".join([*written, *result])
                finally:
                    if hasattr(result, "close"):
                        result.close()
                status, headers = captured
                note = ""
                if invocation and status.startswith("2"):
                    answered[invocation] = (status, headers, body)
                    while len(answered) > 2000:
                        answered.popitem(last=False)
            # One line per request: an access log with the API action the path does not say.
            fields = [
                datetime.now().strftime("%H:%M:%S.%f")[:-3],
                environ.get("REQUEST_METHOD", ""),
                environ.get("PATH_INFO", "")[:120],
                target,
                status.split(" ", 1)[0],
                f"{(time.monotonic() - started) * 1000:.0f} ms",
                note,
            ]
            sys.stderr.write(" ".join(f for f in fields if f) + "\n")
        start_response(status, headers)
        return [body]

    return handle


class LoggingRequestHandler(MotoRequestHandler):
    """Werkzeug drops a connection the client closed without a word; the emulator log names it."""

    def connection_dropped(self, error: BaseException, environ: dict[str, Any] | None = None) -> None:
        method = environ.get("REQUEST_METHOD", "") if environ else "(before the request line)"
        sys.stderr.write(f"connection dropped by the client: {type(error).__name__}: {error} {method}\n")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """serialized() writes the access log, with the API action and the time taken."""


def watch_parent(parent_pid: int) -> None:
    """Ends this process when the process that started it is gone (e.g. a killed test run)."""
    while True:
        time.sleep(1)
        if os.getppid() != parent_pid:
            os._exit(0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--parent-pid", type=int, default=0)
    args = parser.parse_args()

    register_extensions()

    app = DomainDispatcherApplication(create_backend_app)
    server = make_server(args.host, 0, serialized(app), threaded=True, request_handler=LoggingRequestHandler)
    port = server.server_address[1]
    # moto builds some URLs it hands out (queue URLs, presigned links) from MOTO_PORT.
    os.environ["MOTO_PORT"] = str(port)

    def stop(_signum: int, _frame: object) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.parent_pid:
        threading.Thread(target=watch_parent, args=(args.parent_pid,), daemon=True).start()

    tmp = f"{args.port_file}.tmp"
    with open(tmp, "w") as f:
        f.write(str(port))
    os.replace(tmp, args.port_file)
    print(f"moto launcher serving on http://{args.host}:{port}", flush=True)
    server.serve_forever()
    sys.exit(0)


if __name__ == "__main__":
    main()
