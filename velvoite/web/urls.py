"""The server's addresses."""

from django.shortcuts import redirect
from django.urls import path
from django.views.i18n import set_language

from velvoite.web import api, confirm, feed_address, feeds, people, proposal_pages, record_pages, views

urlpatterns = [
    path("", lambda request: redirect("records")),
    path("login/", views.login_page, name="login"),
    path("logout/", views.logout_page, name="logout"),
    path("records/", views.records_page, name="records"),
    path("records/<str:rid>/", record_pages.record_page, name="record"),
    path("records/<str:rid>/remove", record_pages.remove_page),
    path("records/<str:rid>/restore", record_pages.restore_page),
    path("help/", record_pages.help_page, name="help"),
    path("records/<str:rid>/confirm", confirm.confirm_page),
    path("proposals/", proposal_pages.proposals_page, name="proposals"),
    path("proposals/<int:pk>/", proposal_pages.proposal_page),
    path("proposals/<int:pk>/reject", proposal_pages.reject_page),
    path("proposals/<int:pk>/copy", proposal_pages.copy_page),
    path("audit/", views.audit_page, name="audit"),
    path("report/", views.report_page, name="report"),
    path("language/", set_language, name="set_language"),
    path("static/velvoite.css", views.stylesheet),
    path("api/login", api.api_login),
    path("api/logout", api.api_logout),
    path("api/records", api.api_records),
    path("api/records/<str:rid>", api.api_record),
    path("api/records/<str:rid>/history", api.api_history),
    path("api/records/<str:rid>/confirm", confirm.api_confirm),
    path("api/audit", api.api_audit),
    path("api/users", people.api_users),
    path("api/users/<str:email>", people.api_user),
    path("account/", feed_address.account_page, name="account"),
    path("calendar/u/<str:token>/<str:ref>.ics", feeds.user_org_feed),
    path("calendar/u/<str:token>/region/<str:ref>.ics", feeds.user_region_feed),
    path("calendar/<str:ref>.ics", feeds.org_feed),
    path("calendar/region/<str:ref>.ics", feeds.region_feed),
]
