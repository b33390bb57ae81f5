from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "velvoite.web.workspace"
    label = "workspace"
    verbose_name = "velvoite workspace"
