from django.urls import path

from duban.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("otp/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("password/", views.password_change, name="password_change"),
    path("security/", views.security, name="security"),
    path("ungranted/", views.ungranted, name="ungranted"),
    path("oidc/start/", views.oidc_start, name="oidc_start"),
    path("oidc/callback/", views.oidc_callback, name="oidc_callback"),
    path("manage/", views.account_list_view, name="manage"),
    path("manage/new/", views.account_create, name="create"),
    path("manage/<int:pk>/active/", views.account_set_active, name="set_active"),
    path("manage/<int:pk>/password/", views.account_password_reset, name="password_reset"),
    path("manage/<int:pk>/otp/", views.account_otp_reset, name="otp_reset"),
    path("manage/<int:pk>/grant/", views.account_grant, name="grant"),
]
