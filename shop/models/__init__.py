"""The domain's tables. Importing this package registers every model on `db.metadata`."""

from shop.models.catalog import (
    PRODUCT_STATUSES,
    AttributeDefinition,
    Brand,
    Category,
    PriceHistory,
    Product,
    ProductImage,
    ProductReference,
)
from shop.models.geo import City, DeliveryZone, Region, zone_cities
from shop.models.inventory import MOVEMENT_REASONS, Location, StockLevel, StockMovement
from shop.models.orders import (
    ORDER_CHANNELS,
    ORDER_STATUSES,
    Cart,
    CartItem,
    CashHandover,
    Delivery,
    Order,
    OrderItem,
    OrderStatusEvent,
)
from shop.models.people import STAFF_ROLES, Address, Customer, StaffUser
from shop.models.records import JOB_STATUSES, AuditEntry, JobRun, SearchQuery, ShopSetting
from shop.models.search_index import ProductCode, ProductSearch, SearchWord
from shop.models.vehicles import Fitment, Vehicle, VehicleMake, VehicleModel

__all__ = [
    "JOB_STATUSES",
    "MOVEMENT_REASONS",
    "ORDER_CHANNELS",
    "ORDER_STATUSES",
    "PRODUCT_STATUSES",
    "STAFF_ROLES",
    "Address",
    "AttributeDefinition",
    "AuditEntry",
    "Brand",
    "Cart",
    "CartItem",
    "CashHandover",
    "Category",
    "City",
    "Customer",
    "Delivery",
    "DeliveryZone",
    "Fitment",
    "JobRun",
    "Location",
    "Order",
    "OrderItem",
    "OrderStatusEvent",
    "PriceHistory",
    "Product",
    "ProductCode",
    "ProductImage",
    "ProductReference",
    "ProductSearch",
    "Region",
    "SearchQuery",
    "SearchWord",
    "ShopSetting",
    "StaffUser",
    "StockLevel",
    "StockMovement",
    "Vehicle",
    "VehicleMake",
    "VehicleModel",
    "zone_cities",
]
