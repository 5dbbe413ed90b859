"""The funnel is drawn as a funnel (each stage narrower than the one before, whatever the
counts) and its rates read as percentages, never "1" for 100 %."""

from qiao.insights.dashboards import funnel_spec, percent


def test_rates_read_as_percentages():
    assert percent(1.0) == "100%"
    assert percent(0.125) == "12.5%"
    assert percent(0.0) == "0%"
    assert percent(None) == "–"


def test_every_stage_is_narrower_than_the_one_before_even_with_more_rows():
    spec = funnel_spec(
        [
            ("Listings", 10, None),
            ("Matches", 40, None),
            ("Introductions", 40, 1.0),
            ("Signed", 3, 0.075),
        ]
    )
    sizes = [step["size"] for step in spec["data"]]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == len(sizes)
    assert [step["value"] for step in spec["data"]] == [10, 40, 40, 3]
    assert spec["data"][2]["label"] == "Introductions  40 (100%)"
    assert spec["data"][3]["label"] == "Signed  3 (7.5%)"
    assert "%" not in spec["data"][0]["label"]
