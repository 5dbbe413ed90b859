"""The chain map (ECharts tree, drill-down) and a node's page: local firms, strength, gap."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from qiao.chain import selectors, services
from qiao.chain.forms import NodeForm, PlacementForm
from qiao.chain.models import ChainNode
from qiao.directory.models import Organisation
from qiao.market.models import Listing


def _labels() -> dict[str, str]:
    return {"strong": _("strong"), "weak": _("weak"), "missing": _("missing")}


def _tree(states) -> dict:
    """The map's data: one tree under a root, each node with its counts, strength and link."""
    labels = _labels()
    children: dict[int | None, list] = {}
    for state in states.values():
        children.setdefault(state.node.parent_id, []).append(state)

    def build(state) -> dict:
        kids = sorted(children.get(state.node.pk, []), key=lambda s: (s.node.position, s.node.code))
        return {
            "name": f"{state.node.name} ({len(state.local)})",
            "strength": state.strength,
            "label": labels[state.strength],
            "gaps": len(state.gap_needs),
            "url": reverse("chain:node_detail", args=[state.node.pk]),
            "children": [build(k) for k in kids],
        }

    roots = sorted(children.get(None, []), key=lambda s: s.node.position)
    return {"name": _("Medical-device chain"), "children": [build(r) for r in roots], "url": ""}


@login_required
def chain_map(request):
    states = selectors.chain_state(viewer=request.user)
    rows = sorted(states.values(), key=lambda s: (s.node.segment, s.node.position))
    context = {"tree": _tree(states), "rows": rows, "labels": _labels()}
    return render(request, "chain/chain_map.html", context)


@login_required
def node_detail(request, pk):
    node = selectors.access_node(viewer=request.user, node_id=pk)
    action = request.POST.get("action", "")
    # The form gets its own copy: a valid ModelForm writes into its instance, and the service
    # must see the node as stored to know what changed.
    node_form = NodeForm(
        request.POST if action == "edit" else None, instance=ChainNode.objects.get(pk=node.pk)
    )
    place_form = PlacementForm(request.POST if action == "place" else None)
    if request.method == "POST" and _act(request, node, action, node_form, place_form):
        messages.success(request, _("Saved."))
        return redirect("chain:node_detail", pk=node.pk)
    state = selectors.chain_state(viewer=request.user)[node.pk]
    context = {
        "node": node,
        "state": state,
        "strength": _labels()[state.strength],
        "local": Organisation.objects.filter(pk__in=state.local).order_by("name_zh")[:200],
        "gap_needs": Listing.objects.filter(pk__in=state.gap_needs).select_related("organisation"),
        "candidates": selectors.gap_candidates(state),
        "node_form": node_form,
        "place_form": place_form,
    }
    return render(request, "chain/node_detail.html", context)


def _act(request, node, action, node_form, place_form) -> bool:
    try:
        if action == "edit" and node_form.is_valid():
            data = {f: node_form.cleaned_data[f] for f in ChainNode.EDITABLE_FIELDS}
            version = request.POST.get("version")
            services.update_node(
                by=request.user, node=node, data=data,
                version=int(version) if version and version.isdigit() else None,
            )  # fmt: skip
            return True
        if action == "place" and place_form.is_valid():
            services.place_organisation(
                by=request.user, node=node, organisation=place_form.cleaned_data["organisation"],
                excluded=place_form.cleaned_data["excluded"],
            )  # fmt: skip
            return True
    except ValidationError as error:
        (node_form if action == "edit" else place_form).add_error(None, error)
    return False
