"""Reading $metadata: which properties each entity set exposes."""

import pytest

from connection_setup.clients.metadata import entity_set_properties

CSDL = b"""<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="Microsoft.NAV" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="customer">
        <Key><PropertyRef Name="id"/></Key>
        <Property Name="id" Type="Edm.Guid" Nullable="false"/>
        <Property Name="no" Type="Edm.String" MaxLength="20"/>
        <NavigationProperty Name="currency" Type="Microsoft.NAV.currency"/>
      </EntityType>
      <EntityContainer Name="NAV">
        <EntitySet Name="customers" EntityType="Microsoft.NAV.customer"/>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"""


def test_each_entity_set_lists_its_properties_and_navigation_properties():
    assert entity_set_properties(CSDL) == {"customers": frozenset({"id", "no", "currency"})}


def test_a_document_that_is_not_xml_gives_a_clear_error():
    with pytest.raises(ValueError, match="not valid XML"):
        entity_set_properties(b"{not xml")
