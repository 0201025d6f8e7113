"""Categories, products, photos, search and public catalog pages."""
