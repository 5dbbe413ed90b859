from django import forms
from django.utils.translation import gettext_lazy as _

from qiao.chain.models import ChainNode
from qiao.directory.models import Organisation


class NodeForm(forms.ModelForm):
    class Meta:
        model = ChainNode
        fields = list(ChainNode.EDITABLE_FIELDS)


class PlacementForm(forms.Form):
    organisation = forms.CharField(label=_("organisation (Chinese name)"), max_length=200)
    excluded = forms.BooleanField(label=_("keep it off this node"), required=False)

    def clean_organisation(self):
        name = self.cleaned_data["organisation"].strip()
        organisation = Organisation.objects.filter(name_zh=name).first()
        if organisation is None:
            raise forms.ValidationError(_("No organisation in the directory has this name."))
        return organisation
