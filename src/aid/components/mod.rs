pub mod request_card;
