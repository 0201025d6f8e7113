"""Cart, checkout, orders, fulfilments, consignments; shipping zones and commission rates."""
