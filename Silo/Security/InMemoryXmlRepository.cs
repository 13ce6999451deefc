using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace OrleansAgents.Silo.Security;

/// <summary>
/// Data-protection keys held in memory only: the silo protects nothing that must outlive the process (no cookies), and
/// the default file repository would write under <c>$HOME</c>, which a pod's read-only root filesystem refuses.
/// </summary>
internal sealed class InMemoryXmlRepository : IXmlRepository
{
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_elements)
        {
            return _elements.Select(e => new XElement(e)).ToList();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_elements)
        {
            _elements.Add(new XElement(element));
        }
    }
}
