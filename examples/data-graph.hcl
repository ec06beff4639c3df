# The reference Data Graph: five entities of a shop, related to the
# customer profile through accounts and households.
data_graph {
  version = "v1.0.0"

  entity "account-entity" {
    name        = "account"
    table_ref   = "PRODUCTION.CUST.ACCOUNT"
    primary_key = "ID"
  }

  entity "product-entity" {
    name        = "product"
    table_ref   = "PRODUCTION.PROD.PRODUCT_SKUS"
    primary_key = "SKU"
  }

  entity "cart-entity" {
    name               = "cart"
    table_ref          = "PRODUCTION.CUST.CART"
    primary_key        = "ID"
    enrichment_enabled = true
  }

  entity "household-entity" {
    name        = "household"
    table_ref   = "PRODUCTION.CUST.HOUSEHOLD"
    primary_key = "HOUSEHOLD_ID"
  }

  entity "subscription-entity" {
    name        = "subscription"
    table_ref   = "PRODUCTION.CUST.SUBSCRIPTION"
    primary_key = "SUB_ID"
  }

  profile {
    profile_folder = "PRODUCTION.SEGMENT"
    type           = "segment:materialized"

    relationship "user-accounts" {
      name           = "Premium Accounts"
      related_entity = "account-entity"
      external_id {
        type     = "email"
        join_key = "EMAIL_ID"
      }

      relationship "user-carts" {
        name           = "Shopping Carts"
        related_entity = "cart-entity"
        join_on        = "account-entity.ID = cart-entity.ACCOUNT_ID"

        relationship "products" {
          name           = "Purchased Products"
          related_entity = "product-entity"
          junction_table {
            table_ref     = "PRODUCTION.CUSTOMER.CART_PRODUCT"
            primary_key   = "ID"
            left_join_on  = "cart-entity.ID = CART_ID"
            right_join_on = "PRODUCT_ID = product-entity.SKU"
          }
        }
      }
    }

    relationship "user-households" {
      name           = "Households"
      related_entity = "household-entity"
      external_id {
        type     = "email"
        join_key = "EMAIL_ID"
      }

      relationship "user-subscriptions" {
        name           = "Subscriptions"
        related_entity = "subscription-entity"
        join_on        = "household-entity.SUB_ID = subscription-entity.HOUSEHOLD_ID"
      }
    }
  }
}
