"""Starts moto's server with the API calls the blueprints need but moto 5.2.5 lacks.

Each extension keeps its state in moto's own backend objects (so `POST /moto-api/reset` clears it
like everything else) and answers with the real API's response shape, serialised by moto from
botocore's service model. Every extension is listed in test-bed/emulator-gaps.ts and covered by a
Terraform apply + re-plan test in test/test-bed/.

The server binds port 0 and writes the port it got to --port-file (temp file + rename), so the
caller never races another process for a "free" port.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import unquote

# moto only knows AWS-managed IAM policies (e.g. service-role/AmazonRDSEnhancedMonitoringRole) when
# told to load its catalogue; loading all ~1,600 costs under 0.1 s per IAM backend.
os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")

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
        if service.deployment_controller.get("type") == "ECS" and getattr(service, "deployment_configuration", None) is None:
            # What ECS reports for a service created without a deployment configuration.
            service.deployment_configuration = {
                "deploymentCircuitBreaker": {"enable": False, "rollback": False},
                "maximumPercent": 200,
                "minimumHealthyPercent": 100,
            }
        return result

    EC2ContainerServiceResponse.create_service = create_service


# --- Security group rules -------------------------------------------------------------------------


def _extend_security_group_rules() -> None:
    from moto.ec2.models.security_groups import SecurityGroupRule

    def description(rule: Any) -> str | None:
        """moto reports a rule's description only for CIDR rules; a rule referencing another
        security group (or a prefix list) keeps it with the group pair."""
        return (rule.ip_range or {}).get("Description") or (rule.source_group or {}).get("Description")

    SecurityGroupRule.description = property(description)


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


# --- RDS ------------------------------------------------------------------------------------------


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
        _performance_insights(self, result.result["DBInstance"], creating=True)
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

    RDSResponse.create_db_instance = create_db_instance
    RDSResponse.modify_db_instance = modify_db_instance
    RDSResponse.describe_db_parameters = describe_db_parameters


def register_extensions() -> None:
    """Patches the missing actions into moto's response classes before the first request."""
    _extend_ecs()
    _extend_security_group_rules()
    _extend_kms()
    _extend_rds()
    _extend_ec2()
    _extend_application_autoscaling()
    _extend_backup()
    _extend_ssm()


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
    server = make_server(args.host, 0, app, threaded=True, request_handler=MotoRequestHandler)
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
