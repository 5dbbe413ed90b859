from django.urls import path

from qiao.lab import views

app_name = "lab"
urlpatterns = [
    path("", views.equipment_list, name="equipment_list"),
    path("equipment/<int:pk>/", views.equipment_detail, name="equipment_detail"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking_detail"),
]
