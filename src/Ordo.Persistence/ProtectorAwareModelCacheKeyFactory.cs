using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Ordo.Persistence;

/// <summary>
/// The model's encryption converters capture the context's <see cref="IFieldProtector"/>; contexts with another
/// protector (another host in the same process, design time) must not share a cached model.
/// </summary>
internal sealed class ProtectorAwareModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is OrdoDbContext ordo ? (context.GetType(), ordo.Protector, designTime) : (context.GetType(), designTime);
}
