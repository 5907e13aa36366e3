"""One impact measure, M1, as a measures file: the tests of the scorecard, of recording a
figure and of the papers that carry it start from the same measure."""

MEASURE = """\
measures:
  - id: "M1"
    title: EHC plans within 20 weeks
    description: Timeliness of new EHC plans.
    unit: percent
    polarity: higher
    frequency: annual
    owner: Head of SEND
    source:
      title: DfE SEN2
    links: ["1"]
    baseline:
      period: "2022"
      value: 20
    trajectory:
      - period: "2024"
        target: 40
    actuals:
      - period: "2022"
        value: 20
        source:
          entered_by: Data team
          on: 2025-01-10
"""
"""A percent measure linked to priority 1: a 2022 baseline and actual, a 2024 target."""
