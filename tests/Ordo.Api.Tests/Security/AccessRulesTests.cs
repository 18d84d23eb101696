using Ordo.Api.Features.Orders;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;

namespace Ordo.Api.Tests.Security;

/// <summary>The resource rules as a decision table: who may touch which record, see what, and refund how much.</summary>
public sealed class AccessRulesTests
{
    private static readonly Guid Own = Guid.Parse("019a0000-0000-7000-8000-000000000001");
    private static readonly Guid Other = Guid.Parse("019a0000-0000-7000-8000-000000000002");

    private static CallerAccess Caller(CallerKind kind, params string[] permissions) =>
        new(kind, "subject", kind == CallerKind.Customer ? Own : null, permissions.ToHashSet(StringComparer.Ordinal));

    public static TheoryData<CallerKind, Guid, bool> Ownership => new()
    {
        { CallerKind.Customer, Own, true },
        { CallerKind.Customer, Other, false },
        { CallerKind.Staff, Own, true },
        { CallerKind.Staff, Other, true },
        { CallerKind.Client, Other, true },
    };

    [Theory]
    [MemberData(nameof(Ownership))]
    public void Customers_reach_only_their_own_records(CallerKind kind, Guid owner, bool allowed) =>
        Assert.Equal(allowed, AccessRules.CanAccess(Caller(kind), owner));

    [Theory]
    [InlineData(CallerKind.Customer, true)]
    [InlineData(CallerKind.Staff, false)]
    [InlineData(CallerKind.Client, false)]
    public void Lists_are_narrowed_for_customers_only(CallerKind kind, bool narrowed) =>
        Assert.Equal(narrowed ? Own : null, AccessRules.ListScope(Caller(kind)));

    [Fact]
    public void The_customer_role_grants_nothing_staff_only_and_the_administrative_permissions_are_staff_only()
    {
        Assert.DoesNotContain(BuiltInRoles.Definitions[BuiltInRoles.Customer].Permissions, Permissions.IsStaffOnly);
        Assert.Subset(Permissions.StaffOnly.ToHashSet(), new HashSet<string>
        {
            Permissions.UsersRead, Permissions.UsersManage, Permissions.RolesManage, Permissions.ClientsManage,
            Permissions.OrdersRefund, Permissions.OrdersPay, Permissions.CustomersPii,
        });
        Assert.All(Permissions.All, permission => Assert.NotEqual(Permissions.CustomerCapable.Contains(permission), Permissions.StaffOnly.Contains(permission)));
    }

    [Fact]
    public void A_customer_account_without_a_customer_sees_nothing() =>
        Assert.Equal(Guid.Empty, AccessRules.ListScope(new CallerAccess(CallerKind.Customer, "s", null, new HashSet<string>())));

    [Theory]
    [InlineData(CallerKind.Customer, false)]
    [InlineData(CallerKind.Staff, true)]
    [InlineData(CallerKind.Client, true)]
    public void Only_staff_and_integrations_create_customers(CallerKind kind, bool allowed) =>
        Assert.Equal(allowed, AccessRules.CanCreateCustomers(Caller(kind)));

    public static TheoryData<CallerKind, string[], Guid, bool> PersonalData => new()
    {
        { CallerKind.Staff, [Permissions.CustomersRead], Own, false },                       // warehouse: masked
        { CallerKind.Staff, [Permissions.CustomersRead, Permissions.CustomersPii], Own, true }, // support, manager
        { CallerKind.Customer, [Permissions.CustomersRead], Own, true },                    // themselves
        { CallerKind.Customer, [Permissions.CustomersRead], Other, false },
        { CallerKind.Client, [Permissions.CustomersRead], Own, false },
        { CallerKind.Client, [Permissions.CustomersPii], Other, true },
    };

    [Theory]
    [MemberData(nameof(PersonalData))]
    public void Contact_details_are_clear_only_to_their_owner_and_pii_holders(CallerKind kind, string[] permissions, Guid owner, bool clear) =>
        Assert.Equal(clear, AccessRules.SeesPersonalData(Caller(kind, permissions), owner));

    [Theory]
    [InlineData(CallerKind.Staff, new string[0], false)]
    [InlineData(CallerKind.Staff, new[] { "customers.pii" }, true)]
    [InlineData(CallerKind.Customer, new string[0], true)]
    [InlineData(CallerKind.Client, new string[0], false)]
    public void Only_pii_holders_find_customers_by_email(CallerKind kind, string[] permissions, bool allowed) =>
        Assert.Equal(allowed, AccessRules.CanFindByContactDetails(Caller(kind, permissions)));

    [Theory]
    [InlineData(CallerKind.Customer, false)]
    [InlineData(CallerKind.Staff, true)]
    [InlineData(CallerKind.Client, true)]
    public void Customers_get_the_order_projection_without_internal_fields(CallerKind kind, bool internals) =>
        Assert.Equal(internals, AccessRules.SeesOrderInternals(Caller(kind, Permissions.OrdersRead)));

    public static TheoryData<CallerKind, string[], long, bool> Refunds => new()
    {
        { CallerKind.Staff, [Permissions.OrdersRefund], 10_000, true },   // at the default EUR limit
        { CallerKind.Staff, [Permissions.OrdersRefund], 10_001, false },  // one cent above
        { CallerKind.Staff, [Permissions.OrdersRefund, Permissions.OrdersRefundUnlimited], 20_000, true },
        { CallerKind.Staff, [Permissions.OrdersCancel], 1, false },       // orders.cancel alone gives back nothing
        { CallerKind.Client, [Permissions.OrdersRefund], 10_000, true },
        { CallerKind.Customer, [Permissions.OrdersRefund, Permissions.OrdersRefundUnlimited], 1, false }, // customers never give money back
    };

    [Theory]
    [MemberData(nameof(Refunds))]
    public void Refunds_above_the_limit_need_the_unlimited_permission_and_customers_refund_nothing(CallerKind kind, string[] permissions, long amount, bool allowed)
    {
        var policy = new OrderOptions().ToPolicy();
        var terms = policy.TermsFor("EUR").Value;
        var now = DateTimeOffset.UtcNow;
        var line = new NewOrderLine(Guid.NewGuid(), Sku.Create("RULE-1").Value, "Rule", new Money(20_000, "EUR"), ProductStatus.Active, 1);
        var order = Order.Place(Guid.NewGuid(), [line], terms, UnpaidOrders.None("EUR"), new Money(0, "EUR"), "staff", now).Value;
        Assert.True(order.Pay(order.Total, "pi_1", "staff", now).IsSuccess);

        var refunded = order.Refund(new Money(amount, "EUR"), "goodwill", "subject", AccessRules.RefundAllowanceOf(Caller(kind, permissions), policy), now);

        Assert.Equal(allowed, refunded.IsSuccess);
    }

    [Theory]
    [InlineData(CallerKind.Staff, new string[0], false)]
    [InlineData(CallerKind.Staff, new[] { "orders.shipping.override" }, true)]
    [InlineData(CallerKind.Customer, new string[0], false)]
    public void Only_holders_of_the_override_permission_set_the_shipping_fee(CallerKind kind, string[] permissions, bool allowed) =>
        Assert.Equal(allowed, AccessRules.CanOverrideShippingFee(Caller(kind, permissions)));
}
