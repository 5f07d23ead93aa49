"""Build, serve and publish a generated design site with MkDocs."""
