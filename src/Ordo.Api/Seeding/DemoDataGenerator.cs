using Bogus;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;
using DomainAddress = Ordo.Domain.Customers.Address;

namespace Ordo.Api.Seeding;

/// <summary>
/// Builds a realistic shop — catalogue, customers, a year of orders — only through the domain's own methods, so every
/// invariant the service enforces holds in the demo data too.
/// </summary>
/// <remarks>
/// <para>
/// Reproducible: all randomness comes from generators seeded with <see cref="SeedSizes.RandomSeed"/> (one per Bogus
/// faker rather than the global <c>Randomizer.Seed</c>, so two seeds running at once don't disturb each other) and
/// times are offsets from <c>asOf</c>. Ids are UUIDv7 from the domain and differ between runs; contents do not.
/// </para>
/// <para>
/// Stock: every product starts with an "Initial stock" receipt; each order reserves its lines when placed (a
/// "Restock" receipt first tops up a product that has too little available), ships them, or releases what was not
/// shipped when it is cancelled or expires, all through <see cref="StockReservations"/> as the service does. The counters
/// therefore end as the sum of their ledger, and reserved is exactly the unshipped quantity of pending and open
/// orders. Movements are applied in generation order, which is not strictly their time order across orders: the
/// ledger sums explain the counters, a replay by timestamp might not.
/// </para>
/// <para>
/// Money: orders are placed under the configured terms of <see cref="Currency"/> (shipping rate, caps, payment
/// window), so the demo holds no order the service would refuse. Orders still awaiting payment count against their
/// customer's caps (a customer at a cap gets the order passed on to the next one); an order that left pending long
/// ago was its customer's only unpaid one at the time. Refunds and cancellations of paid orders are made by support
/// within its refund limit and by a manager above it.
/// </para>
/// </remarks>
internal sealed class DemoDataGenerator
{
    public const string Currency = "EUR";
    public const string RestockReason = "Restock";

    private static readonly string[] EmailDomains = ["example.com", "example.net", "example.org"];
    private static readonly string[] GoodwillReasons = ["Damaged in transit", "Late delivery", "Goodwill gesture", "Item returned"];
    private static readonly (string Name, string Prefix, int Digits)[] Carriers =
        [("DHL", "JD", 18), ("UPS", "1Z", 16), ("DPD", "0", 13), ("GLS", "", 11), ("PostNL", "3S", 13)];

    private readonly DateTimeOffset _asOf;
    private readonly OrderTerms _terms;
    private readonly RefundAllowance _supportAllowance;
    private readonly TimeSpan _paymentWindow;
    private readonly Random _random;
    private readonly Faker _catalogue;
    private readonly CustomerLocale[] _locales;
    private readonly int _localeWeightTotal;
    private readonly int _storyWeightTotal;
    private readonly List<Product> _products = [];
    private readonly List<Product> _orderable = [];
    private readonly Dictionary<Guid, Product> _productsById = [];
    private readonly List<Guid> _customerIds = [];
    private readonly Dictionary<Guid, UnpaidOrders> _awaitingPayment = [];
    private readonly HashSet<int> _picked = [];
    private int _ordersCreated;

    /// <param name="terms">The terms orders in <see cref="Currency"/> are placed under; pending orders are younger than its payment window, expired ones were closed after it.</param>
    /// <param name="policy">The policy the refund limits come from.</param>
    public DemoDataGenerator(int randomSeed, DateTimeOffset asOf, OrderTerms terms, OrderPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Currency != Currency)
        {
            throw new ArgumentException($"Demo orders are in {Currency}.", nameof(terms));
        }

        _terms = terms;
        _supportAllowance = RefundAllowance.UpToLimit(policy);
        _paymentWindow = terms.PaymentWindow;
        // Whole milliseconds: both databases keep them exactly.
        _asOf = new DateTimeOffset(asOf.UtcTicks - (asOf.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
#pragma warning disable CA5394 // Demo data: reproducibility matters, unpredictability does not.
        _random = new Random(randomSeed);
#pragma warning restore CA5394
        _catalogue = new Faker("en") { Random = new Randomizer(randomSeed) };
        _locales =
        [
            new("de", "DE", "+49 ### #######", 30, randomSeed + 1),
            new("fr", "FR", "+33 # ## ## ## ##", 20, randomSeed + 2),
            new("nl", "NL", "+31 ## ### ####", 15, randomSeed + 3),
            new("en_GB", "GB", "+44 #### ######", 15, randomSeed + 4),
            new("en_US", "US", "+1 ###-###-####", 20, randomSeed + 5),
        ];
        _localeWeightTotal = _locales.Sum(locale => locale.Weight);
        _storyWeightTotal = OrderStories.All.Sum(OrderStories.Weight);
    }

    public IReadOnlyList<Product> Products => _products;

    /// <summary>The catalogue with each product's initial receipt. Products keep changing while orders are created.</summary>
    public IReadOnlyList<StockMovement> CreateCatalogue(int count)
    {
        var receipts = new List<StockMovement>(count);
        for (var i = 0; i < count; i++)
        {
            var department = new string([.. _catalogue.Commerce.Department(1).Where(char.IsAsciiLetter).Take(4)]);
            var sku = Expect(Sku.Create($"{department}-{i + 1:D6}"));
            var createdAt = Before(_asOf, TimeSpan.FromDays(380), TimeSpan.FromDays(400));
            var description = _random.Next(5) == 0 ? null : _catalogue.Commerce.ProductDescription();
            var product = Expect(Product.Create(sku, _catalogue.Commerce.ProductName(), description, new Money(Price(), Currency), createdAt));
            receipts.Add(Expect(product.ReceiveStock(_random.Next(20, 400), StockMovement.InitialStockReason, createdAt)));
            _products.Add(product);
            _productsById.Add(product.Id, product);

            // A few products were retired before the year of orders began; they never sold.
            if (i > 0 && _random.Next(100) < 3)
            {
                product.Archive(After(createdAt, TimeSpan.FromDays(1), TimeSpan.FromDays(10)));
            }
            else
            {
                _orderable.Add(product);
            }
        }

        return receipts;
    }

    public IReadOnlyList<Customer> CreateCustomers(int count)
    {
        var customers = new List<Customer>(count);
        for (var i = 0; i < count; i++)
        {
            var locale = PickLocale();
            var faker = locale.Faker;
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            var number = _customerIds.Count + 1;
            var email = Expect(Email.Create(faker.Internet.Email(first, last, EmailDomains[number % EmailDomains.Length], number.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            var phone = _random.Next(5) == 0 ? null : faker.Phone.PhoneNumber(locale.PhoneFormat);
            var addresses = Enumerable.Range(0, _random.Next(4) == 0 ? 2 : 1).Select(_ => Expect(DomainAddress.Create(
                faker.Address.StreetAddress(),
                _random.Next(4) == 0 ? faker.Address.SecondaryAddress() : null,
                faker.Address.City(),
                faker.Address.ZipCode(),
                locale.CountryCode == "US" ? faker.Address.StateAbbr() : null,
                locale.CountryCode))).ToList();
            var createdAt = Before(_asOf, TimeSpan.FromDays(370), TimeSpan.FromDays(400));
            var customer = Expect(Customer.Create($"{first} {last}", email, phone, addresses, createdAt));
            _customerIds.Add(customer.Id);
            customers.Add(customer);
        }

        return customers;
    }

    /// <summary>The next orders, each already through its whole story, with the stock movements they caused.</summary>
    public OrderBatch CreateOrders(int count)
    {
        if (_orderable.Count == 0 || _customerIds.Count == 0)
        {
            throw new InvalidOperationException("Create the catalogue and customers before orders.");
        }

        var orders = new List<Order>(count);
        var movements = new List<StockMovement>(count * 5);
        for (var i = 0; i < count; i++)
        {
            // The first orders walk through every story once, so even a tiny dataset shows every state.
            var story = _ordersCreated < OrderStories.All.Length ? OrderStories.All[_ordersCreated] : PickStory();
            orders.Add(CreateOrder(story, movements));
            _ordersCreated++;
        }

        return new OrderBatch(orders, movements);
    }

    private Order CreateOrder(OrderStory story, List<StockMovement> movements)
    {
        var placedAt = story switch
        {
            OrderStory.AwaitingPayment => Before(_asOf, _paymentWindow / 20, _paymentWindow / 2),
            OrderStory.Paid or OrderStory.PaidPartiallyRefunded => Before(_asOf, TimeSpan.FromHours(2), TimeSpan.FromDays(2)),
            OrderStory.PartiallyShipped or OrderStory.InTransit => Before(_asOf, TimeSpan.FromDays(2), TimeSpan.FromDays(6)),
            _ => Before(_asOf, TimeSpan.FromDays(8), TimeSpan.FromDays(365)),
        };
        var lines = PickLines(mustSplit: story == OrderStory.PartiallyShipped);
        var order = Place(lines, awaitsPayment: story == OrderStory.AwaitingPayment, placedAt);
        foreach (var line in lines)
        {
            Restock(_productsById[line.ProductId], line.Quantity, placedAt, movements);
        }

        movements.AddRange(Expect(StockReservations.Reserve(order, _productsById, placedAt)));

        var t = placedAt;
        switch (story)
        {
            case OrderStory.AwaitingPayment:
                break;
            case OrderStory.Expired:
                t = After(t, _paymentWindow, _paymentWindow + TimeSpan.FromMinutes(1));
                Expect(order.Expire(Order.ExpiryActor, t));
                movements.AddRange(StockReservations.Release(order, _productsById, t));
                break;
            case OrderStory.CancelledBeforePayment:
                t = After(t, TimeSpan.FromMinutes(5), TimeSpan.FromHours(6));
                Expect(order.Cancel(SeedActors.Storefront, RefundAllowance.None, t));
                movements.AddRange(StockReservations.Release(order, _productsById, t));
                break;
            case OrderStory.Paid:
                Pay(order, ref t);
                break;
            case OrderStory.PaidPartiallyRefunded:
                Pay(order, ref t);
                RefundPart(order, "Price adjustment", ref t);
                break;
            case OrderStory.CancelledAfterPayment:
                Pay(order, ref t);
                t = After(t, TimeSpan.FromHours(1), TimeSpan.FromDays(2));
                var (canceller, cancellerAllowance) = RefundedBy(order, order.AmountPaid.Subtract(order.AmountRefunded));
                Expect(order.Cancel(canceller, cancellerAllowance, t));
                movements.AddRange(StockReservations.Release(order, _productsById, t));
                break;
            case OrderStory.PartiallyShipped:
                Pay(order, ref t);
                t = After(t, TimeSpan.FromHours(12), TimeSpan.FromDays(2));
                var first = order.Lines[0];
                var part = order.Lines.Count > 1 ? first.Quantity : first.Quantity - 1;
                var parcel = Ship(order, [new ShipmentLine(first.Id, part)], t, movements);
                if (_random.Next(2) == 0)
                {
                    Expect(order.Deliver(parcel.Id, SeedActors.Carrier, After(t, TimeSpan.FromDays(1), TimeSpan.FromDays(3))));
                }

                break;
            case OrderStory.InTransit:
                Pay(order, ref t);
                var parcels = ShipEverything(order, ref t, movements);
                if (parcels.Count > 1)
                {
                    Expect(order.Deliver(parcels[0].Id, SeedActors.Carrier, After(t, TimeSpan.FromHours(1), TimeSpan.FromDays(1))));
                }

                break;
            case OrderStory.Completed or OrderStory.CompletedPartiallyRefunded or OrderStory.CompletedRefunded:
                Pay(order, ref t);
                foreach (var shipment in ShipEverything(order, ref t, movements))
                {
                    t = After(t, TimeSpan.FromDays(1), TimeSpan.FromDays(4));
                    Expect(order.Deliver(shipment.Id, SeedActors.Carrier, t));
                }

                if (story == OrderStory.CompletedPartiallyRefunded)
                {
                    RefundPart(order, GoodwillReasons[_random.Next(GoodwillReasons.Length)], ref t);
                }
                else if (story == OrderStory.CompletedRefunded)
                {
                    t = After(t, TimeSpan.FromDays(2), TimeSpan.FromDays(14));
                    var rest = order.AmountPaid.Subtract(order.AmountRefunded);
                    var (actor, allowance) = RefundedBy(order, rest);
                    Expect(order.Refund(rest, "Item returned", actor, allowance, t));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(story), story, null);
        }

        return order;
    }

    private List<NewOrderLine> PickLines(bool mustSplit)
    {
        var wanted = Math.Min(_orderable.Count, _random.Next(100) switch { < 50 => 1, < 78 => 2, < 92 => 3, _ => 4 });
        if (mustSplit && _terms.MaxUnitsPerLine < 2)
        {
            wanted = Math.Max(wanted, Math.Min(2, _orderable.Count)); // one unit per line: a split needs two lines
        }

        _picked.Clear();
        var lines = new List<NewOrderLine>(wanted);
        while (lines.Count < wanted)
        {
            var index = Skewed(_orderable.Count);
            if (!_picked.Add(index))
            {
                // Popular products collide often in small catalogues; walk to the next free one.
                index = Enumerable.Range(0, _orderable.Count).First(candidate => !_picked.Contains(candidate));
                _picked.Add(index);
            }

            var quantity = _random.Next(100) switch { < 70 => 1, < 90 => 2, _ => 3 };
            lines.Add(NewOrderLine.From(_orderable[index], Math.Min(quantity, _terms.MaxUnitsPerLine)));
        }

        // A partial shipment needs at least two units to split.
        if (mustSplit && lines is [{ Quantity: 1 } only] && _terms.MaxUnitsPerLine >= 2)
        {
            lines[0] = only with { Quantity = 2 };
        }

        return lines;
    }

    /// <summary>
    /// Places the order for a customer favoured by the skew; one still awaiting payment goes to the next customer
    /// instead when it would take the first past a cap on what they hold unpaid.
    /// </summary>
    private Order Place(List<NewOrderLine> lines, bool awaitsPayment, DateTimeOffset placedAt)
    {
        var first = Skewed(_customerIds.Count);
        for (var tried = 0; tried < _customerIds.Count; tried++)
        {
            var customerId = _customerIds[(first + tried) % _customerIds.Count];
            var unpaid = awaitsPayment ? _awaitingPayment.GetValueOrDefault(customerId, UnpaidOrders.None(Currency)) : UnpaidOrders.None(Currency);
            var placed = Order.Place(customerId, lines, _terms, unpaid, null, SeedActors.Storefront, placedAt);
            if (placed.IsFailure && placed.Error.Kind == ErrorKind.Conflict)
            {
                continue; // this customer is at a cap
            }

            var order = Expect(placed);
            if (awaitsPayment)
            {
                _awaitingPayment[customerId] = new UnpaidOrders(unpaid.Count + 1, unpaid.ReservedValue.Add(order.Subtotal));
            }

            return order;
        }

        throw new InvalidOperationException("Every demo customer is at the caps of Orders; raise them or seed more customers.");
    }

    /// <summary>A "Restock" receipt tops up a product that has too little available for the line about to be reserved.</summary>
    private void Restock(Product product, int quantity, DateTimeOffset now, List<StockMovement> movements)
    {
        if (product.StockAvailable < quantity)
        {
            var delivery = quantity - product.StockAvailable + _random.Next(50, 300);
            movements.Add(Expect(product.ReceiveStock(delivery, RestockReason, now)));
        }
    }

    /// <summary>Support gives money back within its refund limit on the order; a manager, who has no limit, above it.</summary>
    private (string Actor, RefundAllowance Allowance) RefundedBy(Order order, Money amount) =>
        order.RefundedBy(SeedActors.Support).Amount + amount.Amount <= _terms.RefundLimit.Amount
            ? (SeedActors.Support, _supportAllowance)
            : (SeedActors.Manager, RefundAllowance.Unlimited);

    /// <summary>Payments arrive well inside the payment window, which the order enforces.</summary>
    private void Pay(Order order, ref DateTimeOffset t)
    {
        t = After(t, _paymentWindow / 30, _paymentWindow / 2);
        Span<byte> reference = stackalloc byte[12];
        _random.NextBytes(reference);
        Expect(order.Pay(order.Total, "pi_" + Convert.ToHexStringLower(reference), SeedActors.Payments, t));
    }

    private void RefundPart(Order order, string reason, ref DateTimeOffset t)
    {
        t = After(t, TimeSpan.FromHours(1), TimeSpan.FromDays(10));
        var amount = new Money(Math.Max(1, order.AmountPaid.Amount * _random.Next(10, 51) / 100), order.Currency);
        var (actor, allowance) = RefundedBy(order, amount);
        Expect(order.Refund(amount, reason, actor, allowance, t));
    }

    /// <summary>Ships every line, in one parcel or (for larger orders, sometimes) two.</summary>
    private List<Shipment> ShipEverything(Order order, ref DateTimeOffset t, List<StockMovement> movements)
    {
        var all = order.Lines.Select(line => new ShipmentLine(line.Id, line.Quantity)).ToList();
        List<ShipmentLine>[] groups = all.Count > 1 && _random.Next(10) < 3 ? [all.GetRange(0, 1), all.GetRange(1, all.Count - 1)] : [all];
        var shipments = new List<Shipment>(groups.Length);
        foreach (var group in groups)
        {
            t = After(t, TimeSpan.FromHours(12), TimeSpan.FromDays(2));
            shipments.Add(Ship(order, group, t, movements));
        }

        return shipments;
    }

    private Shipment Ship(Order order, List<ShipmentLine> lines, DateTimeOffset now, List<StockMovement> movements)
    {
        var (carrier, prefix, digits) = Carriers[_random.Next(Carriers.Length)];
        Span<char> tracking = stackalloc char[digits];
        for (var i = 0; i < digits; i++)
        {
            tracking[i] = (char)('0' + _random.Next(10));
        }

        var shipment = Expect(order.Ship(lines, carrier, prefix + new string(tracking), SeedActors.Warehouse, now));
        movements.AddRange(StockReservations.Ship(order, shipment, _productsById, now));
        return shipment;
    }

    private OrderStory PickStory()
    {
        var roll = _random.Next(_storyWeightTotal);
        foreach (var story in OrderStories.All)
        {
            roll -= OrderStories.Weight(story);
            if (roll < 0)
            {
                return story;
            }
        }

        throw new InvalidOperationException("Story weights do not add up.");
    }

    private CustomerLocale PickLocale()
    {
        var roll = _random.Next(_localeWeightTotal);
        foreach (var locale in _locales)
        {
            roll -= locale.Weight;
            if (roll < 0)
            {
                return locale;
            }
        }

        throw new InvalidOperationException("Locale weights do not add up.");
    }

    /// <summary>An index in [0, count) that favours the front: a few products and customers account for most orders.</summary>
    private int Skewed(int count)
    {
        var u = _random.NextDouble();
        return Math.Min(count - 1, (int)(count * u * u));
    }

    /// <summary>A price between 1.99 and 299.99 that ends in .99, cheap items being more common.</summary>
    private long Price()
    {
        var euros = Math.Exp(Math.Log(2) + (_random.NextDouble() * (Math.Log(300) - Math.Log(2))));
        return ((long)euros * 100) - 1;
    }

    private DateTimeOffset Before(DateTimeOffset t, TimeSpan min, TimeSpan max) =>
        t.AddSeconds(-_random.NextInt64((long)min.TotalSeconds, (long)max.TotalSeconds + 1));

    /// <summary>Later than <paramref name="t"/>, but never after the moment the data is taken.</summary>
    private DateTimeOffset After(DateTimeOffset t, TimeSpan min, TimeSpan max)
    {
        var later = t.AddSeconds(_random.NextInt64((long)min.TotalSeconds, (long)max.TotalSeconds + 1));
        return later < _asOf ? later : _asOf;
    }

    // Every call here passes values the generator chose within the domain's rules: a failure is a bug in the generator.
    private static T Expect<T>(Result<T> result) => result.IsSuccess
        ? result.Value
        : throw new InvalidOperationException($"Demo data broke a domain rule: {result.Error.Code}: {result.Error.Message}");

    private static void Expect(Result result)
    {
        if (result.IsFailure)
        {
            throw new InvalidOperationException($"Demo data broke a domain rule: {result.Error.Code}: {result.Error.Message}");
        }
    }

    private sealed class CustomerLocale(string locale, string countryCode, string phoneFormat, int weight, int seed)
    {
        public Faker Faker { get; } = new(locale) { Random = new Randomizer(seed) };

        public string CountryCode => countryCode;

        public string PhoneFormat => phoneFormat;

        public int Weight => weight;
    }
}

/// <summary>One slice of orders, in the order they were created.</summary>
internal sealed record OrderBatch(IReadOnlyList<Order> Orders, IReadOnlyList<StockMovement> Movements)
{
    /// <summary>Rows this batch adds across all order tables and the stock ledger.</summary>
    public long RowCount => Movements.Count + Orders.Sum(order =>
        1L + order.Lines.Count + order.Events.Count + order.Refunds.Count + order.Shipments.Count
        + order.Shipments.Sum(shipment => shipment.Lines.Count));
}

/// <summary>Who the demo timeline says acted; the service records a caller id in the same place.</summary>
internal static class SeedActors
{
    public const string Storefront = "storefront";
    public const string Payments = "payments";
    public const string Warehouse = "warehouse";
    public const string Carrier = "carrier";
    public const string Support = "support";
    public const string Manager = "manager";
}
