using Ordo.Domain.Customers;

namespace Ordo.Domain.Orders;

/// <summary>The addresses an order is placed with; either may be missing (a collection in store needs no shipping address).</summary>
public readonly record struct OrderAddresses(Address? Shipping, Address? Billing);
