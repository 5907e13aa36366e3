"""Impact measures as a domain: health against trajectory and comparators, the
scorecard, and importing published statistics (DfE, NHS England) into measure files."""
