pub mod bot;
pub mod db;
