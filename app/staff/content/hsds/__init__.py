"""Open Referral HSDS 3.0: import and export of places and activities as CSV packages, validated with
Frictionless against the HSDS schema (datapackage.json here: "Human Services Data Specification: an
Open Referral resource (openreferral.org), CC BY-SA 4.0"). The command line (`cli`) and the
administrators' page under /staff/places/hsds (`views`) share the same importer and exporter."""
