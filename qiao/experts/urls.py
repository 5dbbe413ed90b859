from django.urls import path

from qiao.experts import opinions, views

app_name = "experts"

urlpatterns = [
    path("", views.expert_list, name="list"),
    path("<int:pk>/", views.expert_detail, name="detail"),
    path("<int:pk>/edit/", views.expert_edit, name="edit"),
    path("<int:pk>/letter/", views.appointment_letter, name="letter"),
    path("<int:pk>/letter.pdf", views.appointment_letter_pdf, name="letter_pdf"),
    path("opinion/<int:need_id>/", opinions.opinion_form, name="opinion"),
]
