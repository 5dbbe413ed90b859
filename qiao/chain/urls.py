from django.urls import path

from qiao.chain import views

app_name = "chain"

urlpatterns = [
    path("", views.chain_map, name="chain_map"),
    path("nodes/<int:pk>/", views.node_detail, name="node_detail"),
]
